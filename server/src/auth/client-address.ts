/**
 * The key sign-in throttling counts a client under. One IPv6 subscriber is usually given a whole
 * /64, so counting single IPv6 addresses would hand an attacker 2^64 fresh budgets; an IPv4 address
 * mapped into IPv6 counts as the IPv4 address it is.
 */
import { isIPv4, isIPv6 } from "node:net";

export function throttleAddress(ip: string | undefined): string {
  if (!ip) return "unknown";
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped?.[1] && isIPv4(mapped[1])) return mapped[1];
  if (!isIPv6(ip)) return ip;
  const [head = "", tail = ""] = ip.toLowerCase().split("%")[0]!.split("::");
  const left = head ? head.split(":") : [];
  const right = ip.includes("::") && tail ? tail.split(":") : [];
  const groups = ip.includes("::") ? [...left, ...Array<string>(8 - left.length - right.length).fill("0"), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, "")).join(":")}::/64`;
}
