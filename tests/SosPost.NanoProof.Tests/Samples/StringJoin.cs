// nanoFramework's string has no Join.
namespace Samples
{
    public static class StringJoin
    {
        public static string Csv(string[] parts) => string.Join(",", parts);
    }
}
