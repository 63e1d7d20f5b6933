// expect-notes: signals/spreadArguments
// Spread arguments hide which parameter takes the signal: left alone.
export async function spread(args: [string, RequestInit?]): Promise<void> {
  await fetch(...args);
}
