namespace JsWebSocketHost.Tests.Url;

/// <summary>The <c>URL</c> attribute setters exercised by <see cref="UrlSetterCase"/>.</summary>
public enum UrlSetter
{
    /// <summary><c>URL.href</c>.</summary>
    Href,

    /// <summary><c>URL.protocol</c>.</summary>
    Protocol,

    /// <summary><c>URL.username</c>.</summary>
    Username,

    /// <summary><c>URL.password</c>.</summary>
    Password,

    /// <summary><c>URL.host</c>.</summary>
    Host,

    /// <summary><c>URL.hostname</c>.</summary>
    Hostname,

    /// <summary><c>URL.port</c>.</summary>
    Port,

    /// <summary><c>URL.pathname</c>.</summary>
    Pathname,

    /// <summary><c>URL.search</c>.</summary>
    Search,

    /// <summary><c>URL.hash</c>.</summary>
    Hash,
}
