// DOMException, from WebIDL §3.14 / §2.8.1 "Error names".

test(() => {
  const e = new DOMException();
  assert_equals(e.name, "Error");
  assert_equals(e.message, "");
  assert_equals(e.code, 0);
}, "new DOMException() has name \"Error\", an empty message and code 0");

test(() => {
  const e = new DOMException("msg", "NotFoundError");
  assert_equals(e.message, "msg");
  assert_equals(e.name, "NotFoundError");
  assert_equals(e.code, 8);
}, "The constructor sets message and name, and code comes from the legacy code of the name");

test(() => {
  const table = {
    IndexSizeError: 1, HierarchyRequestError: 3, WrongDocumentError: 4, InvalidCharacterError: 5,
    NoModificationAllowedError: 7, NotFoundError: 8, NotSupportedError: 9, InvalidStateError: 11,
    SyntaxError: 12, InvalidModificationError: 13, NamespaceError: 14, InvalidAccessError: 15,
    TypeMismatchError: 17, SecurityError: 18, NetworkError: 19, AbortError: 20, URLMismatchError: 21,
    QuotaExceededError: 22, TimeoutError: 23, InvalidNodeTypeError: 24, DataCloneError: 25,
  };
  for (const [name, code] of Object.entries(table)) {
    assert_equals(new DOMException("", name).code, code, name);
  }
}, "Each error name with a legacy code maps to the code in the WebIDL error names table");

test(() => {
  for (const name of ["EncodingError", "NotReadableError", "UnknownError", "ConstraintError", "DataError",
                      "OperationError", "NotAllowedError", "VersionError", "Whatever"]) {
    assert_equals(new DOMException("", name).code, 0, name);
  }
}, "Names without a legacy code, and unknown names, have code 0");

test(() => {
  assert_equals(DOMException.INDEX_SIZE_ERR, 1);
  assert_equals(DOMException.INVALID_STATE_ERR, 11);
  assert_equals(DOMException.SYNTAX_ERR, 12);
  assert_equals(DOMException.NETWORK_ERR, 19);
  assert_equals(DOMException.ABORT_ERR, 20);
  assert_equals(DOMException.TIMEOUT_ERR, 23);
  assert_equals(DOMException.DATA_CLONE_ERR, 25);
  assert_equals(DOMException.prototype.ABORT_ERR, 20);
}, "The legacy code constants are on the interface object and its prototype");

test(() => {
  const e = new DOMException("m", "AbortError");
  assert_true(e instanceof DOMException);
  assert_true(e instanceof Error);
  assert_equals(Object.getPrototypeOf(DOMException.prototype), Error.prototype);
}, "DOMException's prototype inherits from Error.prototype, so instances are instanceof Error");

test(() => {
  const e = new DOMException("m", "AbortError");
  assert_false(Object.prototype.hasOwnProperty.call(e, "name"), "name is an accessor on the prototype");
  assert_false(Object.prototype.hasOwnProperty.call(e, "message"));
  const d = Object.getOwnPropertyDescriptor(DOMException.prototype, "name");
  assert_equals(typeof d.get, "function");
}, "name, message and code are accessor attributes on DOMException.prototype");

test(() => {
  assert_equals(String(new DOMException("oops", "SyntaxError")), "SyntaxError: oops");
}, "Error.prototype.toString on a DOMException gives \"name: message\"");

test(() => {
  assert_equals(new DOMException(undefined, undefined).name, "Error");
  assert_equals(new DOMException(undefined).message, "");
  assert_equals(new DOMException(null, null).name, "null");
  assert_equals(new DOMException(null).message, "null");
}, "An undefined argument takes the default; other values are converted to strings");

test(() => {
  assert_throws_js(TypeError, () => DOMException("m"));
}, "DOMException cannot be called without new");
