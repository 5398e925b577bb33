namespace JsWebSocketHost.WebSockets;

/// <summary>The stable names of the network policy's rules, as <see cref="NetworkAccessDeniedEventArgs.Rule"/> gives them.</summary>
internal static class NetworkPolicyRule
{
    /// <summary>The URL's scheme is not in <see cref="NetworkPolicyOptions.AllowedSchemes"/>.</summary>
    public const string Scheme = "scheme";

    /// <summary>The URL's port is in <see cref="NetworkPolicyOptions.DeniedPorts"/> or not in <see cref="NetworkPolicyOptions.AllowedPorts"/>.</summary>
    public const string Port = "port";

    /// <summary>The URL's host matches an entry of <see cref="NetworkPolicyOptions.DeniedHosts"/>.</summary>
    public const string DeniedHost = "denied-host";

    /// <summary>The URL's host matches no entry of a non-empty <see cref="NetworkPolicyOptions.AllowedHosts"/>.</summary>
    public const string NotAllowedHost = "not-allowed-host";

    /// <summary>The address is in <see cref="NetworkPolicyOptions.DeniedAddressRanges"/>.</summary>
    public const string DeniedAddress = "denied-address";

    /// <summary>The address is not public and <see cref="NetworkPolicyOptions.DenyNonPublicAddresses"/> is set.</summary>
    public const string NonPublicAddress = "non-public-address";

    /// <summary><see cref="NetworkPolicyOptions.Callback"/> returned false.</summary>
    public const string Callback = "callback";
}
