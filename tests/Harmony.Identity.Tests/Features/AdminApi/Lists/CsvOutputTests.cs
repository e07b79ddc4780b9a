using Harmony.Identity.Server.Features.AdminApi.Export;

namespace Harmony.Identity.Tests.Features.AdminApi.Lists;

/// <summary>Which cells an export makes inert (decision 0021): only those a spreadsheet would start to evaluate.</summary>
public sealed class CsvOutputTests
{
    [TestCase("=1+1", "'=1+1")]
    [TestCase("+81 3 1234", "'+81 3 1234")]
    [TestCase("-1", "'-1")]
    [TestCase("@SUM(A1)", "'@SUM(A1)")]
    [TestCase("\tx", "'\tx")]
    [TestCase("\rx", "'\rx")]
    [TestCase("＝１＋１", "'＝１＋１")]
    [TestCase("＠ｘ", "'＠ｘ")]
    public void Inert_PrefixesAnApostrophe_ToACellThatStartsLikeAFormula(string cell, string written) =>
        Assert.That(CsvOutput.Inert(cell), Is.EqualTo(written));

    [TestCase("")]
    [TestCase("山田 花子")]
    [TestCase("a=b")]
    [TestCase(" =1")]
    [TestCase("E-001")]
    [TestCase("'quoted")]
    public void Inert_LeavesEveryOtherCellAsItIs(string cell) => Assert.That(CsvOutput.Inert(cell), Is.EqualTo(cell));

    [Test]
    public async Task Rows_AreQuoted_WithQuotesDoubled_AndEndInCrLf()
    {
        using var stream = new MemoryStream();
        await using (var csv = new CsvOutput(stream, CsvExports.ShiftJis))
        {
            await csv.WriteRowAsync("a\"b", "c,d", null, "e\nf");
        }

        Assert.That(ListTestData.ShiftJis.GetString(stream.ToArray()), Is.EqualTo("\"a\"\"b\",\"c,d\",\"\",\"e\nf\"\r\n"));
    }
}
