// Lengths as the core's validation counts them: in Unicode code points (an emoji is one character),
// so "characters left" in a form agrees with the limit the core enforces.
export function codePointCount(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}
