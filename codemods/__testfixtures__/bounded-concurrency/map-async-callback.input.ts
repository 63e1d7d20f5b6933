interface User {
  id: string;
  name: string;
}

declare function fetchUser(id: string): Promise<User>;

export async function loadUsers(ids: string[]): Promise<User[]> {
  // One request per id: the index is part of the log line.
  const users = await Promise.all(ids.map(async (id, i) => {
    const user = await fetchUser(id); // keep this comment
    console.log(`loaded ${i}`);
    return user;
  }));
  return users;
}

export function names(ids: string[]) {
  return Promise.all(ids.map((id) => fetchUser(id).then((u) => u.name)));
}
