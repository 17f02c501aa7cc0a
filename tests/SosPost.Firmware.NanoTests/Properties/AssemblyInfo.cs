using System.Reflection;
using System.Runtime.InteropServices;

// The nanoFramework project system writes no assembly attributes itself (the SDK-style host build does, which
// is why the bridge leaves this file out).
[assembly: AssemblyTitle("SosPost.Firmware.NanoTests")]
[assembly: AssemblyDescription("nanoFramework unit tests of the SOS post core, run on a device or on nanoCLR")]
[assembly: AssemblyProduct("SosPost")]
[assembly: ComVisible(false)]
[assembly: AssemblyVersion("1.0.0.0")]
