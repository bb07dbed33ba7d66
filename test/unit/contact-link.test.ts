import { contactHref } from "../../client/src/contact-link";

describe("crisis line contacts as links", () => {
  it("makes phone numbers tel: links, text codes sms: links and https addresses links", () => {
    expect(contactHref("116 123")).toBe("tel:116123");
    expect(contactHref("+44 (0)800 123-456")).toBe("tel:+440800123456");
    expect(contactHref("988")).toBe("tel:988");
    expect(contactHref("Text HOME to 741741")).toBe("sms:741741");
    expect(contactHref("SMS 85258")).toBe("sms:85258");
    expect(contactHref("https://findahelpline.com")).toBe("https://findahelpline.com/");
  });

  it("leaves every other contact as words, whatever its scheme", () => {
    for (const contact of [
      "javascript:alert(1)",
      "JavaScript:alert('116 123')",
      "data:text/html,<script>alert(1)</script>",
      "http://insecure.example",
      "vbscript:msgbox(1)",
      "https://evil.example javascript:alert(1)",
      "Your local emergency number (112, 911, 999, 000)",
      "12",
      "",
    ]) {
      expect(contactHref(contact)).toBeNull();
    }
  });
});
