// Untrusted text shown literally. React escapes markup; this also makes bidi controls visible, so a
// name cannot reorder what is around it (RELIABILITY case 5).
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;

export function revealBidi(text: string): string {
  return text.replace(BIDI_CONTROLS, (c) => `⟨U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}⟩`);
}

export function VisibleText({ text }: { text: string | null | undefined }) {
  return <>{text == null ? "" : revealBidi(text)}</>;
}
