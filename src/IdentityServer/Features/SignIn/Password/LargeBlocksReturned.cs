using System.Runtime.InteropServices;

namespace Harmony.Identity.Server.Features.SignIn;

/// <summary>
/// Each Argon2id hash allocates its work area (19 MiB by default) through the C library's malloc and frees it when done.
/// glibc raises its "hand large blocks straight back to the system" threshold after the first such free, so later work
/// areas came from its arenas and stayed in the process after the hash: a server hashing on many threads kept one work
/// area per arena, and its memory no longer followed <c>MaxConcurrentPasswordChecks</c> × the Argon2id memory (issue 11
/// measured 330 MB resident during sign-ins). Fixing the threshold at glibc's default (128 KiB) makes every work area
/// its own mapping, unmapped when the hash ends. On a C library without <c>mallopt</c> (musl, other systems) nothing
/// changes.
/// </summary>
internal static partial class LargeBlocksReturned
{
    private const int MmapThreshold = -3; // M_MMAP_THRESHOLD in glibc's malloc.h
    private const int DefaultThresholdBytes = 128 * 1024;

    private static readonly Lazy<bool> Applied = new(() =>
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            return mallopt(MmapThreshold, DefaultThresholdBytes) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    });

    /// <summary>True when glibc took the setting; safe to call any number of times.</summary>
    public static bool Ensure() => Applied.Value;

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int mallopt(int parameter, int value);
}
