// expect-notes: signals/spreadArguments
// Spread arguments hide which parameter takes the signal: left alone.
export async function spread(args) {
    await fetch(...args);
}
