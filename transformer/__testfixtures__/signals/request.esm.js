// expect-notes: signals/argumentCarriesSignal signals/argumentCarriesSignal
// A Request already carries its own signal (a required property): no signal is added.
export async function forward(request, input) {
    await fetch(request);
    await fetch(input);
}
