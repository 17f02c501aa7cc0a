namespace nanoFramework.TestFramework;

/// <summary>Shared by the device's runner and its test adapter so both name and run the same cases.</summary>
public static class Helper
{
    /// <summary>
    /// A method with both [TestMethod] and [DataRow] runs once per data row only: returns the attributes
    /// without the [TestMethod] in that case, else the same array.
    /// </summary>
    public static object[] RemoveTestMethodIfDataRowExists(object[] attribs)
    {
        var hasTestMethod = false;
        var hasDataRow = false;
        foreach (var attrib in attribs)
        {
            // By full name, as the device compares them: the type may come from another load of the framework.
            var name = attrib.GetType().FullName;
            hasTestMethod |= name == typeof(TestMethodAttribute).FullName;
            hasDataRow |= name == typeof(DataRowAttribute).FullName;
        }

        if (!hasTestMethod || !hasDataRow)
        {
            return attribs;
        }

        var kept = new object[attribs.Length - 1];
        var next = 0;
        foreach (var attrib in attribs)
        {
            if (attrib.GetType().FullName != typeof(TestMethodAttribute).FullName)
            {
                kept[next++] = attrib;
            }
        }

        return kept;
    }
}
