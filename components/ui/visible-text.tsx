// Untrusted text shown literally. React escapes markup; revealBidi (lib/domain) also makes bidi
// controls visible, so a name cannot reorder what is around it (RELIABILITY case 5).
import { revealBidi } from "@/lib/domain/visible-text";

export { revealBidi };

export function VisibleText({ text }: { text: string | null | undefined }) {
  return <>{text == null ? "" : revealBidi(text)}</>;
}
