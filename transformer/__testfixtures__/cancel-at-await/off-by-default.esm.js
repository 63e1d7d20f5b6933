export async function handle() {
    return await load('x');
}
