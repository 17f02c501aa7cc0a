using System.Reflection;

// Compiled only by SosPost.Firmware.Core.nfproj (nanoFramework); the net10.0 SDK project generates its own assembly attributes.
[assembly: AssemblyTitle("SosPost.Firmware.Core")]
[assembly: AssemblyDescription("SosPost post behaviour behind device seams, for nanoFramework")]
[assembly: AssemblyProduct("SosPost")]
[assembly: AssemblyVersion("0.1.0.0")]
[assembly: AssemblyFileVersion("0.1.0.0")]
