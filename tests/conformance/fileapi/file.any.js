// File, from the File API §4 "The File Interface".

test(() => {
  const f = new File(["abc"], "a.txt");
  assert_true(f instanceof File);
  assert_true(f instanceof Blob);
  assert_equals(f.name, "a.txt");
  assert_equals(f.size, 3);
  assert_equals(f.type, "");
}, "File inherits from Blob and has the name it was constructed with");

test(() => {
  assert_throws_js(TypeError, () => new File(["a"]));
  assert_throws_js(TypeError, () => new File());
}, "The File constructor requires both fileBits and fileName");

test(() => {
  const f = new File([], "x", { lastModified: 1234 });
  assert_equals(f.lastModified, 1234);
}, "lastModified returns the lastModified option");

test(() => {
  const before = Date.now();
  const f = new File([], "x");
  const after = Date.now();
  assert_equals(typeof f.lastModified, "number");
  assert_greater_than_equal(f.lastModified, before);
  assert_less_than_equal(f.lastModified, after);
}, "Without the lastModified option, lastModified is the current time in milliseconds");

test(() => {
  assert_equals(new File([], "x", { lastModified: -5 }).lastModified, -5);
}, "lastModified is a long long, so a negative value is kept");

test(() => {
  assert_equals(new File([], "x", { type: "TEXT/Plain" }).type, "text/plain");
}, "The type option of a File is lowercased as for Blob");

test(() => {
  assert_equals(new File([], "a/b").name, "a/b");
}, "fileName is kept as given");

test(() => {
  assert_equals(new File([], "\uD800").name, "\uFFFD");
}, "fileName is converted as a USVString, so a lone surrogate becomes U+FFFD");

promise_test(async () => {
  const f = new File(["x", new Uint8Array([121]), new Blob(["z"])], "f");
  assert_equals(await f.text(), "xyz");
}, "File accepts the same kinds of parts as Blob");

test(() => {
  const f = new File(["abcdef"], "n.txt", { type: "text/plain" });
  const s = f.slice(1, 3);
  assert_false(s instanceof File, "slice() returns a Blob, not a File");
  assert_true(s instanceof Blob);
  assert_equals(s.size, 2);
}, "slice() on a File returns a plain Blob");

promise_test(async () => {
  const inner = new File(["in"], "in.txt");
  const b = new Blob([inner]);
  assert_equals(await b.text(), "in");
}, "A File can be used as a part of another Blob");
