import { describe, expect, it } from "vitest";
import { distinguishingDigits, formatBytes, formatDelta, formatNumber, valueTicks } from "./number-format";

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

describe("value axis ticks", () => {
  it("labels ticks at the decimals their step needs: short, and no two alike", () => {
    const { ticks, format } = valueTicks(1.072246, 1.07301);
    const labels = ticks.map(format);
    expect(labels).toEqual(["1.0722", "1.0724", "1.0726", "1.0728", "1.0730", "1.0732"]);
    expect(new Set(labels).size).toBe(labels.length);
    expect(ticks[0]).toBeLessThanOrEqual(1.072246);
    expect(ticks.at(-1)).toBeGreaterThanOrEqual(1.07301);
  });

  it("covers a wide range with round, grouped labels and a single value with a padded one", () => {
    const golf = valueTicks(1.6231, 2.9582);
    expect(golf.ticks.map(golf.format)).toEqual(["1.5", "2.0", "2.5", "3.0"]);
    const big = valueTicks(0, 16_000_000);
    expect(big.ticks.map(big.format)).toEqual(["0", "5,000,000", "10,000,000", "15,000,000", "20,000,000"]);
    const one = valueTicks(2.5, 2.5);
    expect(one.ticks.length).toBeGreaterThan(1);
    expect(one.ticks.map(one.format).every((l) => l.length <= 5)).toBe(true);
    const neg = valueTicks(-0.3, 0.1);
    expect(neg.ticks.map(neg.format)).toEqual(["−0.3", "−0.2", "−0.1", "0.0", "0.1"]);
  });
});
