using System.Reflection;

// The firmware version the post reports is Program.FirmwareVersion; keep the two in step.
[assembly: AssemblyTitle("SosPost.Firmware")]
[assembly: AssemblyDescription("SosPost street SOS post firmware (nanoFramework, ESP32)")]
[assembly: AssemblyProduct("SosPost")]
[assembly: AssemblyVersion("0.1.0.0")]
[assembly: AssemblyFileVersion("0.1.0.0")]
