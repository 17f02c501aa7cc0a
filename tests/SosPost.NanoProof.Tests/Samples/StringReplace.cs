// nanoFramework's string has no Replace.
namespace Samples
{
    public static class StringReplace
    {
        public static string Dashes(string text) => text.Replace(" ", "-");
    }
}
