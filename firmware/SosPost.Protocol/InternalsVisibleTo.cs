using System.Runtime.CompilerServices;

// The firmware core reads the post's config file with the same strict JSON reader as the wire payloads
// (one reader, one set of rules), without making the reader part of the protocol's public surface.
[assembly: InternalsVisibleTo("SosPost.Firmware.Core")]
