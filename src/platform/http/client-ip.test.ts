import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { clientAddressFrom, trustedProxyHops } from "./client-ip";

describe("clientAddressFrom", () => {
  it("without trusted proxies the socket is the client, whatever X-Forwarded-For says", () => {
    expect(clientAddressFrom("203.0.113.9", "1.2.3.4", 0)).toBe("203.0.113.9");
  });

  it("one hop takes the address our proxy appended, not the forged one on the left", () => {
    expect(clientAddressFrom("10.0.0.2", "6.6.6.6, 198.51.100.7", 1)).toBe("198.51.100.7");
  });

  it("two hops skip the address the inner proxy appended for the outer one", () => {
    expect(clientAddressFrom("10.0.0.2", "6.6.6.6, 198.51.100.7, 10.0.0.1", 2)).toBe("198.51.100.7");
  });

  it("repeated headers count as one list", () => {
    expect(clientAddressFrom("10.0.0.2", ["6.6.6.6", "198.51.100.7"], 1)).toBe("198.51.100.7");
  });

  it("fewer entries than hops: the leftmost, which our proxies wrote", () => {
    expect(clientAddressFrom("10.0.0.2", "198.51.100.7", 3)).toBe("198.51.100.7");
  });

  it("garbage where the address should be falls back to the socket", () => {
    expect(clientAddressFrom("10.0.0.2", "1.1.1.1, not-an-ip", 1)).toBe("10.0.0.2");
    expect(clientAddressFrom("10.0.0.2", " , ", 1)).toBe("10.0.0.2");
  });

  it("whatever a client prepends, the answer behind N hops is the same", () => {
    const ip = fc.ipV4();
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 30 }), { maxLength: 5 }), ip, fc.array(ip, { maxLength: 3 }), (forged, client, proxies) => {
        const trusted = [client, ...proxies].join(", ");
        const header = [...forged, trusted].join(", ");
        expect(clientAddressFrom("10.0.0.2", header, proxies.length + 1)).toBe(client);
      }),
    );
  });
});

describe("trustedProxyHops", () => {
  it("TRUST_PROXY=true alone means one proxy; TRUST_PROXY_HOPS wins", () => {
    expect(trustedProxyHops({ TRUST_PROXY: false })).toBe(0);
    expect(trustedProxyHops({ TRUST_PROXY: true })).toBe(1);
    expect(trustedProxyHops({ TRUST_PROXY: true, TRUST_PROXY_HOPS: 2 })).toBe(2);
    expect(trustedProxyHops({ TRUST_PROXY: true, TRUST_PROXY_HOPS: 0 })).toBe(0);
  });
});
