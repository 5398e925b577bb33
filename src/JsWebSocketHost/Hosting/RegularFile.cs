using System.Runtime.InteropServices;

namespace JsWebSocketHost.Hosting;

/// <summary>
/// Whether a path names a regular file: not a FIFO, a socket or a device, whose open or read can block for ever or
/// never end (<c>mkfifo</c>, <c>/dev/zero</c>). Module loading reads only regular files.
/// </summary>
internal static class RegularFile
{
    // The runtime's own native shim for stat(2): its FileStatus layout and S_IF* values are fixed for managed callers
    // (dotnet/runtime src/native/libs/System.Native/pal_io.h); Mode is the second 32-bit field.
    private const int ModeOffset = 4;
    private const int FileTypeMask = 0xF000;
    private const int RegularFileType = 0x8000;
    private const int FileStatusBufferSize = 256;

    /// <summary>True when <paramref name="path"/> (symbolic links followed) is a regular file.</summary>
    public static bool Is(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return File.Exists(path) && (File.GetAttributes(path) & FileAttributes.Device) == 0;
        }

        var status = new byte[FileStatusBufferSize];
        try
        {
            if (Stat(path, status) != 0)
            {
                return false;
            }
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            // A runtime without the shim: fall back to what .NET can tell (a FIFO then passes).
            return File.Exists(path);
        }

        var mode = BitConverter.ToInt32(status, ModeOffset);
        return (mode & FileTypeMask) == RegularFileType;
    }

#pragma warning disable SYSLIB1054 // A plain DllImport: LibraryImport would need unsafe code in the library for one call.
    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Stat(string path, [Out] byte[] status);
#pragma warning restore SYSLIB1054
}
