using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime.Descriptors;

namespace JsWebSocketHost.WebIdl;

/// <summary>
/// An interface object as WebIDL defines it: a function with the interface's <c>name</c> and <c>length</c>, a
/// non-writable <c>prototype</c>, a <c>[[Prototype]]</c> that is the parent interface object (or
/// <c>Function.prototype</c>), a TypeError when called without <c>new</c>, and the interface's constants.
/// </summary>
/// <remarks>Spec: https://webidl.spec.whatwg.org/#interface-object.</remarks>
internal abstract class WebIdlConstructor : Jint.Native.Constructor
{
    protected WebIdlConstructor(Engine engine, string name, int length, ObjectInstance? parentInterface)
        : base(engine, name)
    {
        InterfaceName = name;
        Prototype = parentInterface ?? HostIntrinsics.Of(engine).FunctionPrototype;
        SetOwnProperty("length", new PropertyDescriptor(length, PropertyFlag.Configurable));
    }

    /// <summary>The interface's name, as in error messages.</summary>
    public string InterfaceName { get; }

    /// <summary>The interface prototype object.</summary>
    public ObjectInstance PrototypeObject { get; private set; } = null!;

    /// <summary>
    /// Links the interface object with its prototype (<c>X.prototype</c> and <c>X.prototype.constructor</c>),
    /// installs it on the global as a non-enumerable property, and records the prototype in
    /// <see cref="HostIntrinsics.Prototypes"/> for platform objects that host code creates.
    /// </summary>
    public void Install(ObjectInstance prototypeObject)
    {
        PrototypeObject = prototypeObject;
        HostIntrinsics.Of(_engine).Prototypes[InterfaceName] = prototypeObject;
        _prototypeDescriptor = new PropertyDescriptor(prototypeObject, PropertyFlag.AllForbidden);
        prototypeObject.DefineOwnProperty(
            "constructor", new PropertyDescriptor(this, writable: true, enumerable: false, configurable: true));
        _engine.Global.DefineOwnProperty(
            InterfaceName, new PropertyDescriptor(this, writable: true, enumerable: false, configurable: true));
    }

    /// <summary>Defines a constant on the interface object (the prototype gets it from its shape).</summary>
    protected void DefineConstant(string name, JsValue value) =>
        FastSetProperty(name, new PropertyDescriptor(value, PropertyFlag.Enumerable));

    /// <summary>
    /// The prototype for an object made by <c>new</c>: <c>newTarget.prototype</c> when it is an object (so
    /// subclasses work), else this interface's prototype.
    /// </summary>
    /// <remarks>Spec: https://tc39.es/ecma262/#sec-getprototypefromconstructor.</remarks>
    protected ObjectInstance PrototypeFor(JsValue newTarget)
    {
        if (newTarget is ObjectInstance target && !ReferenceEquals(target, this))
        {
            return target.Get("prototype") as ObjectInstance ?? PrototypeObject;
        }

        return PrototypeObject;
    }

    /// <summary>The TypeError for an interface that has no constructor.</summary>
    protected Jint.Runtime.JavaScriptException IllegalConstructor() =>
        ScriptErrors.TypeError(_engine, $"Illegal constructor: {InterfaceName} cannot be constructed from script.");
}
