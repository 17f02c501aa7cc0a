using System.Reflection;

// Compiled only by SosPost.Protocol.nfproj (nanoFramework); the net10.0 SDK project generates its own assembly attributes.
[assembly: AssemblyTitle("SosPost.Protocol")]
[assembly: AssemblyDescription("SosPost wire protocol (topics, payloads) for nanoFramework")]
[assembly: AssemblyProduct("SosPost")]
[assembly: AssemblyVersion("0.1.0.0")]
[assembly: AssemblyFileVersion("0.1.0.0")]
