using Harmony.Identity.Server.Features.AdminApi.Import;

namespace Harmony.Identity.Tests.Features.AdminApi.Import;

public sealed class CsvParserTests
{
    [TestCase("\r\n")]
    [TestCase("\n")]
    [TestCase("\r")]
    public void Parse_SplitsLinesAndFields_WithAnyLineEnding(string newline)
    {
        var records = CsvParser.Parse($"a,b,c{newline}1,2,3{newline}");

        Assert.That(records.Select(Describe), Is.EqualTo(new[] { "1:a|b|c", "2:1|2|3" }));
    }

    [Test]
    public void Parse_ReadsQuotedFields_WithCommasDoubledQuotesAndLineBreaks()
    {
        var records = CsvParser.Parse("E1,\"Yamada, Taro\",\"say \"\"hi\"\"\"\r\nE2,\"two\r\nlines\",x\r\nE3,after,y\r\n");

        Assert.Multiple(() =>
        {
            Assert.That(records, Has.Count.EqualTo(3));
            Assert.That(records[0].Fields, Is.EqualTo(new[] { "E1", "Yamada, Taro", "say \"hi\"" }));
            Assert.That(records[1].Fields, Is.EqualTo(new[] { "E2", "two\nlines", "x" }), "a line break inside quotes is data");
            Assert.That(records.Select(r => r.Line), Is.EqualTo(new[] { 1, 2, 4 }), "the record after a two-line field starts on line 4");
            Assert.That(records.Any(r => r.BadQuoting), Is.False);
        });
    }

    [Test]
    public void Parse_KeepsEmptyFields_AndQuotedEmptyFields()
    {
        var records = CsvParser.Parse("a,,c,\n\"\",x,\"\"\n");

        Assert.Multiple(() =>
        {
            Assert.That(records[0].Fields, Is.EqualTo(new[] { "a", "", "c", "" }));
            Assert.That(records[1].Fields, Is.EqualTo(new[] { "", "x", "" }));
        });
    }

    [Test]
    public void Parse_SkipsEmptyLines_ButCountsThem()
    {
        var records = CsvParser.Parse("h1,h2\r\n\r\na,b\r\n\r\n\r\nc,d\r\n\r\n");

        Assert.That(records.Select(Describe), Is.EqualTo(new[] { "1:h1|h2", "3:a|b", "6:c|d" }));
    }

    [Test]
    public void Parse_ReadsTheLastRecord_WithoutAFinalLineBreak()
    {
        var records = CsvParser.Parse("a,b\nc,\"d\"");

        Assert.That(records.Select(Describe), Is.EqualTo(new[] { "1:a|b", "2:c|d" }));
    }

    [Test]
    public void Parse_FlagsAQuoteLeftOpen_AtTheLineItStarts()
    {
        var records = CsvParser.Parse("a,b\nc,\"open\nd,e\n");

        Assert.Multiple(() =>
        {
            Assert.That(records, Has.Count.EqualTo(2), "the open quote takes the rest of the file");
            Assert.That(records[1].Line, Is.EqualTo(2));
            Assert.That(records[1].BadQuoting, Is.True);
        });
    }

    [Test]
    public void Parse_FlagsTextAfterAClosingQuote_AndGoesOnWithTheNextLine()
    {
        var records = CsvParser.Parse("\"ab\"cd,e\nf,g\n");

        Assert.Multiple(() =>
        {
            Assert.That(records[0].BadQuoting, Is.True);
            Assert.That(Describe(records[1]), Is.EqualTo("2:f|g"));
            Assert.That(records[1].BadQuoting, Is.False);
        });
    }

    [Test]
    public void Parse_KeepsAQuoteInsideAnUnquotedField_AsACharacter()
    {
        var records = CsvParser.Parse("5\" floppy,x\n");

        Assert.Multiple(() =>
        {
            Assert.That(records[0].Fields, Is.EqualTo(new[] { "5\" floppy", "x" }));
            Assert.That(records[0].BadQuoting, Is.False);
        });
    }

    [Test]
    public void Parse_ReturnsNothing_ForAnEmptyText() =>
        Assert.That(CsvParser.Parse(""), Is.Empty);

    private static string Describe(CsvRecord record) => $"{record.Line}:{string.Join('|', record.Fields)}";
}
