/** A fresh store per test and its cleanup after, for the contract suites that share this setup. */
import type { Store } from "../../server/src/storage/ports";
import type { ContractStore, StoreFactory } from "./store-contract";

/** Call inside a describe: the getters read the current test's store. */
export function freshStorePerTest(factory: StoreFactory): { readonly c: ContractStore; readonly store: Store } {
  let current: ContractStore | undefined;
  beforeEach(async () => {
    current = await factory();
  });
  afterEach(() => current?.cleanup());
  const get = (): ContractStore => {
    if (!current) throw new Error("no store outside a test");
    return current;
  };
  return {
    get c() {
      return get();
    },
    get store() {
      return get().store;
    },
  };
}
