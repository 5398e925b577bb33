// URLSearchParams, from the URL Standard §6.2 "Interface URLSearchParams" and §5 "application/x-www-form-urlencoded".

test(() => {
  const p = new URLSearchParams();
  assert_equals(p.toString(), "");
  assert_equals(p.size, 0);
}, "new URLSearchParams() has an empty list");

test(() => {
  const p = new URLSearchParams("?a=1&b=2&a=3");
  assert_array_equals(p.getAll("a"), ["1", "3"]);
  assert_equals(p.get("b"), "2");
  assert_equals(new URLSearchParams("??a=1").get("?a"), "1", "only one leading ? is removed");
}, "A string init is parsed as application/x-www-form-urlencoded after removing one leading ?");

test(() => {
  const p = new URLSearchParams("a+b=c+d&e%20f=%41%zz&&=x&g");
  assert_equals(p.get("a b"), "c d");
  assert_equals(p.get("e f"), "A%zz", "invalid escapes are kept");
  assert_equals(p.get(""), "x");
  assert_equals(p.get("g"), "", "a name without = has an empty value");
  assert_equals(p.size, 4, "empty sequences between & are skipped");
}, "Parsing replaces + with space, percent-decodes, and skips empty sequences");

test(() => {
  const p = new URLSearchParams("a=%C3%A9&b=%FF");
  assert_equals(p.get("a"), "\u00e9");
  assert_equals(p.get("b"), "\uFFFD");
}, "Percent-decoded bytes are decoded as UTF-8 without BOM, with invalid bytes replaced");

test(() => {
  const p = new URLSearchParams([["a", "1"], ["b", "2"], ["a", "3"]]);
  assert_equals(p.toString(), "a=1&b=2&a=3");
}, "A sequence of pairs init keeps every pair in order");

test(() => {
  assert_throws_js(TypeError, () => new URLSearchParams([["a"]]));
  assert_throws_js(TypeError, () => new URLSearchParams([["a", "b", "c"]]));
}, "A sequence init whose items are not exactly two long throws a TypeError");

test(() => {
  const p = new URLSearchParams({ a: "1", b: 2 });
  assert_equals(p.toString(), "a=1&b=2");
}, "A record init adds each own enumerable property as a pair");

test(() => {
  const src = new URLSearchParams("x=1");
  const p = new URLSearchParams(src);
  src.append("y", "2");
  assert_equals(p.toString(), "x=1", "a copy, not a live view");
}, "A URLSearchParams init is copied through its iterator");

test(() => {
  const p = new URLSearchParams("a=1");
  p.append("a", "2");
  p.append("b", "3");
  assert_equals(p.toString(), "a=1&a=2&b=3");
}, "append() adds a pair at the end, even for an existing name");

test(() => {
  const p = new URLSearchParams("a=1&b=2&a=3");
  p.delete("a");
  assert_equals(p.toString(), "b=2");
}, "delete(name) removes every pair with that name");

test(() => {
  const p = new URLSearchParams("a=1&b=2&a=3");
  p.delete("a", "3");
  assert_equals(p.toString(), "a=1&b=2");
}, "delete(name, value) removes only the pairs with that name and value");

test(() => {
  const p = new URLSearchParams("a=1&a=2");
  assert_equals(p.get("a"), "1");
  assert_equals(p.get("z"), null);
}, "get() returns the first value for the name, or null");

test(() => {
  const p = new URLSearchParams("a=1&a=2");
  assert_array_equals(p.getAll("a"), ["1", "2"]);
  assert_array_equals(p.getAll("z"), []);
}, "getAll() returns every value for the name in order");

test(() => {
  const p = new URLSearchParams("a=1&b=2");
  assert_true(p.has("a"));
  assert_false(p.has("c"));
  assert_true(p.has("b", "2"));
  assert_false(p.has("b", "3"));
}, "has() tests for a name, and with a value argument for that name and value");

test(() => {
  const p = new URLSearchParams("a=1&b=2&a=3");
  p.set("a", "9");
  assert_equals(p.toString(), "a=9&b=2");
  p.set("c", "4");
  assert_equals(p.toString(), "a=9&b=2&c=4");
}, "set() replaces the first pair's value, removes the others, or appends when absent");

test(() => {
  const p = new URLSearchParams("c=1&a=2&b=3&a=1");
  p.sort();
  assert_equals(p.toString(), "a=2&a=1&b=3&c=1");
}, "sort() sorts by name and is stable for equal names");

test(() => {
  const p = new URLSearchParams([["\u{1F600}", "a"], ["\uFFFD", "b"]]);
  p.sort();
  assert_array_equals([...p.keys()], ["\u{1F600}", "\uFFFD"]);
}, "sort() compares names by UTF-16 code units");

test(() => {
  const p = new URLSearchParams("a=1&b=2");
  assert_array_equals([...p].map(e => e.join("=")), ["a=1", "b=2"]);
  assert_array_equals([...p.entries()].map(e => e.join("=")), ["a=1", "b=2"]);
  assert_array_equals([...p.keys()], ["a", "b"]);
  assert_array_equals([...p.values()], ["1", "2"]);
  assert_equals(p[Symbol.iterator], p.entries);
}, "URLSearchParams is pair-iterable: entries (the default iterator), keys and values");

test(() => {
  const p = new URLSearchParams("a=1&b=2");
  const seen = [];
  p.forEach(function (value, key, obj) { seen.push(key + value); assert_equals(obj, p); });
  assert_array_equals(seen, ["a1", "b2"]);
}, "forEach() calls the callback with value, key and the object");

test(() => {
  const p = new URLSearchParams("a=1&b=2&c=3");
  const seen = [];
  for (const [k] of p) {
    seen.push(k);
    if (k === "a") p.delete("a");
  }
  assert_array_equals(seen, ["a", "c"], "the iterator indexes into the live list");
}, "Iteration reads the current list, so removing a pair during iteration shifts what follows");

test(() => {
  const p = new URLSearchParams();
  p.append("a b", "c d");
  assert_equals(p.toString(), "a+b=c+d");
}, "The serializer encodes space as +");

test(() => {
  const p = new URLSearchParams();
  p.append("k", "+&=%\u00e9*-._~!'()");
  assert_equals(p.toString(), "k=%2B%26%3D%25%C3%A9*-._%7E%21%27%28%29");
}, "The serializer percent-encodes everything but ASCII alphanumerics and *-._");

test(() => {
  const u = new URL("https://example.com/?a=1");
  const p = u.searchParams;
  assert_equals(u.searchParams, p, "the same object each time");
  p.append("b", "2 3");
  assert_equals(u.search, "?a=1&b=2+3");
  assert_equals(u.href, "https://example.com/?a=1&b=2+3");
}, "Changing searchParams updates the URL's query");

test(() => {
  const u = new URL("https://example.com/?a=1");
  const p = u.searchParams;
  u.search = "?x=9";
  assert_equals(p.get("x"), "9");
  assert_false(p.has("a"));
  u.href = "https://example.com/?y=8";
  assert_equals(p.get("y"), "8");
}, "Setting the URL's search or href updates its searchParams");

test(() => {
  const u = new URL("https://example.com/?a=1#h");
  u.searchParams.delete("a");
  assert_equals(u.href, "https://example.com/#h", "an empty list removes the query");
}, "When searchParams becomes empty, the URL's query is set to null");

test(() => {
  const p = new URLSearchParams("a=1&b=2&a=3");
  assert_equals(p.size, 3);
  p.delete("a");
  assert_equals(p.size, 1);
}, "size returns the number of pairs");

test(() => {
  const p = new URLSearchParams();
  p.append("\uD800", "\uDC00");
  assert_equals(p.toString(), "%EF%BF%BD=%EF%BF%BD");
}, "Names and values are USVStrings, so lone surrogates become U+FFFD");
