export function wire(query, fake, f) {
    query.on('click', f).off('click', f);
    fake.addEventListener('x', f);
}
