import { describe, expect, it } from "vitest";
import { distinguishingDigits, formatBytes, formatDelta, formatNumber } from "./number-format";

describe("number format", () => {
  it("groups integers and never writes a cap as an exponent", () => {
    expect(formatNumber(16_000_000)).toBe("16,000,000");
    expect(formatNumber(16_005_982)).toBe("16,005,982");
    expect(formatNumber(-5982)).toBe("−5,982");
  });

  it("keeps neighbours apart and drops float noise", () => {
    expect(formatNumber(1.072246)).not.toBe(formatNumber(1.072251));
    expect(formatNumber(1.072246)).toBe("1.072246");
    expect(formatNumber(0.00004099999999995774)).toBe("0.000041");
    expect(formatNumber(26.356)).toBe("26.356");
    expect(formatNumber(1234.5678)).toBe("1,234.568");
    expect(formatNumber(null)).toBe("—");
    expect(formatNumber(1.5, 0)).toBe("1.5"); // a chart hands a tick formatter (value, index): never toPrecision(0)
  });

  it("writes every change one way", () => {
    expect(formatDelta(-0.000577)).toBe("−0.000577");
    expect(formatDelta(-0.00574193)).toBe("−0.00574193");
    expect(formatDelta(0.0012)).toBe("+0.0012");
    expect(formatDelta(0)).toBe("±0");
  });

  it("finds the digits a run's scores need", () => {
    expect(distinguishingDigits([1.072246, 1.072251, 1.2])).toBe(5); // 1.0722 vs 1.0723
    expect(distinguishingDigits([1.0722461, 1.0722469])).toBe(7);
    expect(distinguishingDigits([1.5, 1.4, 1.25])).toBe(4);
    expect(formatNumber(1.072246, distinguishingDigits([1.072246, 1.072251]))).toBe("1.0722");
  });

  it("names binary units as such, with the exact bytes", () => {
    expect(formatBytes(16_000_000)).toBe("16,000,000 bytes (15.26 MiB)");
    expect(formatBytes(512)).toBe("512 bytes");
    expect(formatBytes(98_304)).toBe("98,304 bytes (96 KiB)");
  });
});
