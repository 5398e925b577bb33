// IDNA in the URL parser: the URL Standard's "domain to ASCII" (beStrict false), which runs UTS #46 ToASCII with
// CheckHyphens false, CheckBidi true, CheckJoiners true, UseSTD3ASCIIRules false, nontransitional processing and
// VerifyDnsLength false. Each test names the step of UTS #46 section 4 (or of RFC 5892/5893) that decides it.

function host(input) {
  return new URL("http://" + input + "/").hostname;
}

function assert_host(input, expected) {
  assert_equals(host(input), expected, "host of " + JSON.stringify(input));
}

function assert_fails(input) {
  assert_throws_js(TypeError, () => host(input), "host " + JSON.stringify(input) + " must fail");
}

test(() => {
  assert_host("B\u00FCcher.example", "xn--bcher-kva.example");
  assert_host("\u00C9COLE.fr", "xn--cole-9oa.fr");
  assert_host("\u0391\u0392\u0393.gr", "xn--mxacd.gr");
  assert_host("\u0416\u0416.ru", "xn--f1aa.ru");
}, "Map: upper case letters of every script are mapped to lower case");

test(() => {
  assert_host("\uFF45\uFF58\uFF41\uFF4D\uFF50\uFF4C\uFF45\u3002\uFF43\uFF4F\uFF4D", "example.com");
  assert_host("\u2168.example", "ix.example");
  assert_host("\uFB01x.example", "fix.example");
  assert_host("\u2474.example", "(1).example");
  assert_host("\u33A1.example", "m2.example");
}, "Map: compatibility characters (fullwidth forms, Roman numerals, ligatures, squared units) take their mappings");

test(() => {
  assert_host("a\u00ADb.example", "ab.example");
  assert_host("a\u200Bb.example", "ab.example");
  assert_host("a\uFE0Fb.example", "ab.example");
  assert_host("a\u2060b.example", "ab.example");
  assert_fails("\u00AD");
  assert_fails("\u200B\u00AD\uFEFF");
}, "Map: ignored code points are removed, and a host left empty fails");

test(() => {
  assert_host("fa\u00DF.de", "xn--fa-hia.de");
  assert_host("\u03C2.gr", "xn--3xa.gr");
  assert_host("\u1E9E.de", "xn--zca.de");
  assert_host("\u03A3.gr", "xn--4xa.gr");
}, "Map: deviations (sharp s, final sigma) are kept in nontransitional processing; capital sharp s maps to sharp s");

test(() => {
  assert_fails("\uFFFD.com");
  assert_fails("a\u0378b.example");
  assert_fails("a\uE000b.example");
  assert_fails("a\u2FF0b.example");
  assert_fails("a\u2028b.example");
}, "Validity criterion 7: disallowed code points (replacement character, unassigned, private use, ideographic description, spaces, separators) fail");

test(() => {
  assert_host("e\u0301cole.fr", "xn--cole-9oa.fr");
  assert_host("q\u0307\u0323.example", "xn--q-9bb7f.example");
  assert_host("\u1100\u1161\u11A8.kr", "xn--p39a.kr");
  assert_host("\u212B.example", "xn--5ca.example");
}, "Normalize: the mapped domain is put in NFC (composition, canonical reordering, Hangul jamo)");

test(() => {
  assert_host("=\u0338", "xn--1ch");
  assert_host("<\u0338.example", "xn--gdh.example");
  assert_host(">\u00AD\u0338", "xn--hdh");
}, "Normalize: a < or > followed by U+0338 COMBINING LONG SOLIDUS OVERLAY composes to a valid code point before the forbidden code point check");

test(() => {
  assert_host("a\u3002b\uFF0Ec\uFF61d", "a.b.c.d");
  assert_host("x..\u00DF", "x..xn--zca");
  assert_host("\u00FC.", "xn--tda.");
}, "Break: ideographic and fullwidth full stops separate labels; empty labels are kept");

test(() => {
  assert_host("xn--zca.xn--zca", "xn--zca.xn--zca");
  assert_host("XN--ZCA.example", "xn--zca.example");
  assert_host("xn--bcher-kva.\u00FC", "xn--bcher-kva.xn--tda");
}, "Convert: an xn-- label holding valid Punycode of a valid label is kept, lower-cased");

test(() => {
  assert_fails("xn--a.\u00DF");
  assert_fails("xn--ls8h=.\u00FC");
}, "Convert: an xn-- label whose Punycode cannot be decoded fails");

test(() => {
  assert_fails("xn--abc-.\u00FC");
  assert_fails("xn--tda\u00FC.example");
}, "Convert: an xn-- label that decodes to ASCII only, or holds a non-ASCII code point, fails");

test(() => {
  assert_fails("xn--zn7c.\u00FC");
  assert_fails("xn--1ug.\u00FC");
  assert_fails("xn--a-yoc.\u00FC");
}, "Convert: a decoded label must meet the validity criteria (no U+FFFD, joiners only in context, the Bidi rule)");

test(() => {
  assert_fails("xn--a");
  assert_fails("xn--.example");
  assert_fails("xn--abc-.example");
  assert_fails("xn--zn7c.com");
  assert_fails("xn--1ug.example");
  assert_fails("xn--a-yoc");
  assert_host("XN--ZCA.example", "xn--zca.example");
}, "Convert: in an ASCII domain an xn-- label goes through ToASCII too (the fast path is only for domains without one)");

test(() => {
  assert_host("-x.example", "-x.example");
  assert_host("x-.\u00FC", "x-.xn--tda");
  assert_host("ab--c.\u00FC", "ab--c.xn--tda");
  assert_host("-\u2020", "xn----xhn");
  assert_host("a\u2020--", "xn--a---kp0a");
}, "Validity criteria 2-3 are off: leading, trailing and doubled hyphens are allowed");

test(() => {
  const long = "x" + "0123456789".repeat(7) + "\u00FC";
  assert_equals(host(long), "xn--x0123456789012345678901234567890123456789012345678901234567890123456789-emh");
}, "VerifyDnsLength is off: a label longer than 63 octets is accepted");

test(() => {
  assert_fails("\u0301a.example");
  assert_fails("a.\u0903b");
  assert_fails("a.\u20DDb");
}, "Validity criterion 6: a label must not begin with a combining mark");

test(() => {
  assert_host("\u0915\u094D\u200D\u0937.in", "xn--11b2ezcw70k.in");
  assert_not_equals(host("\u0915\u094D\u200D\u0937"), host("\u0915\u094D\u0937"));
  assert_fails("a\u200Db.example");
  assert_fails("\u200D.example");
  assert_fails("\u0915\u200D.in");
}, "Validity criterion 8: ZERO WIDTH JOINER is allowed only after a virama (RFC 5892 A.2)");

test(() => {
  assert_true(host("\u0915\u094D\u200C\u0937").startsWith("xn--"));
  assert_true(host("\u0628\u200C\u0627").startsWith("xn--"));
  assert_true(host("\u0628\u064E\u200C\u064E\u0627").startsWith("xn--"));
  assert_fails("a\u200Cb.example");
  assert_fails("\u0627\u200C\u0628");
  assert_fails("\u200C\u0628");
}, "Validity criterion 8: ZERO WIDTH NON-JOINER needs a virama before it, or a joining context (RFC 5892 A.1)");

test(() => {
  assert_host("\u05D0\u05D1.example", "xn--4dbc.example");
  assert_host("\u0645\u062B\u0627\u0644.\u0625\u062E\u062A\u0628\u0627\u0631", "xn--mgbh0fb.xn--kgbechtv");
  assert_host("\u05D0\u0308", "xn--ssa73l");
  assert_host("\u064A.", "xn--mhb.");
}, "Validity criterion 9: right-to-left labels that keep the Bidi rule are accepted");

test(() => {
  assert_fails("\u064Aa");
  assert_fails("a\u05D0");
  assert_fails("\u05D0a.example");
  assert_fails("\u05D0-");
  assert_fails("\u06611\u0644");
  assert_fails("\u0644\u0661\u06F1");
}, "Validity criterion 9: RTL labels that break RFC 5893 rules 1-4 fail (mixed directions, bad end, EN with AN)");

test(() => {
  assert_fails("0a.\u05D0");
  assert_fails("\u05D0.a-");
  assert_fails("\u05D0.1a");
  assert_host("a1.b", "a1.b");
  assert_host("0a.\u00FC", "0a.xn--tda");
}, "Validity criterion 9: in a Bidi domain name every label keeps the Bidi rule; outside one the rule does not apply");

test(() => {
  assert_fails("\u00FC\u3002%");
  assert_fails("\uFF05.example");
  assert_fails("a\uFF1Cb.example");
}, "After ToASCII: a forbidden domain code point in the result fails, whichever code point mapped to it");

test(() => {
  assert_fails("a\u00A0b.example");
  assert_fails("\u00FC.a b");
}, "A no-break space is disallowed, and a space is a forbidden domain code point, in a non-ASCII domain too");
