using Harmony.Identity.Server.Features.AdminApi.Import;

namespace Harmony.Identity.Tests.Features.AdminApi.Import;

/// <summary>Reading and checking employee CSV files, without a server.</summary>
public sealed class EmployeeCsvTests
{
    private CultureInfo? savedCulture;

    [SetUp]
    public void UseJapanese()
    {
        savedCulture = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo("ja");
    }

    [TearDown]
    public void RestoreCulture() => CultureInfo.CurrentUICulture = savedCulture!;

    [TestCase(ImportEncodings.Utf8WithBom)]
    [TestCase(ImportEncodings.Utf8)]
    [TestCase(ImportEncodings.ShiftJis)]
    public void Decode_RecognisesTheEncoding_AndKeepsJapaneseText(string encoding)
    {
        var text = ImportFiles.Lines(ImportFiles.JapaneseHeader, "001,山田 太郎,taro@example.com,ja");

        var decoded = CsvDecoding.Decode(ImportFiles.Encode(text, encoding));

        Assert.Multiple(() =>
        {
            Assert.That(decoded?.Encoding, Is.EqualTo(encoding));
            Assert.That(decoded?.Text, Is.EqualTo(text), "no BOM character and no mangled kanji");
        });
    }

    [Test]
    public void Decode_ReadsPlainAscii_AsUtf8() =>
        Assert.That(CsvDecoding.Decode("a,b\r\n"u8)?.Encoding, Is.EqualTo(ImportEncodings.Utf8));

    [Test]
    public void Decode_RefusesUtf16() =>
        Assert.That(CsvDecoding.Decode(Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("a,b")).ToArray()), Is.Null);

    [Test]
    public void Decode_RefusesBytesThatAreNeitherUtf8NorShiftJis() =>
        // 0x81 starts a two-byte Shift_JIS character; 0x20 cannot end one, and neither makes UTF-8.
        Assert.That(CsvDecoding.Decode([0x61, 0x2C, 0x81, 0x20, 0x0D, 0x0A]), Is.Null);

    [Test]
    public void Check_AcceptsJapaneseHeaders_ColumnsInAnyOrder_AndNoLocaleColumn()
    {
        var check = Check(
            "メールアドレス,社員番号,氏名",
            "taro@example.com,001,山田 太郎");

        Assert.Multiple(() =>
        {
            Assert.That(check.RefusedRows, Is.Empty);
            Assert.That(check.ValidRows.Single(), Is.EqualTo(new ImportRow(2, "001", "山田 太郎", "taro@example.com", "ja")));
        });
    }

    [TestCase("ja", "ja")]
    [TestCase("EN", "en")]
    [TestCase("en-US", "en")]
    [TestCase("英語", "en")]
    [TestCase("日本語", "ja")]
    [TestCase("", "ja")]
    [TestCase(" en ", "en")]
    public void Check_ReadsTheLocale(string written, string expected) =>
        Assert.That(Check(ImportFiles.Header, $"001,Taro,taro@example.com,{written}").ValidRows.Single().Locale, Is.EqualTo(expected));

    [Test]
    public void Check_ReadsFullWidthNumbersAndAddresses_AsHalfWidth_AndTrimsSpaces()
    {
        var row = Check(ImportFiles.Header, "０１２３, 山田　太郎 ,ｔａｒｏ＠ｅｘａｍｐｌｅ．ｃｏｍ,ｅｎ").ValidRows.Single();

        Assert.That(row, Is.EqualTo(new ImportRow(2, "0123", "山田　太郎", "taro@example.com", "en")), "the name is kept as written");
    }

    [Test]
    public void Check_GivesEachKindOfBadRow_ItsLineAndCode()
    {
        var check = Check(
            ImportFiles.Header,
            "E01,Valid One,one@example.com,ja",
            "E02,Too Few Columns",
            ",No Number,nonumber@example.com,ja",
            "E04,,noname@example.com,en",
            "E05,No Email,,ja",
            "E06,Bad Email,not-an-address,ja",
            "E07,Bad Locale,locale@example.com,fr",
            "e01,Same Number Other Case,dup@example.com,ja",
            "TAKEN,Existing Number,taken@example.com,ja",
            $"{new string('9', 65)},Long Number,long@example.com,ja",
            "E11,\"Two",
            "Lines\",two@example.com,ja",
            "E12,\"Valid, Quoted\",quoted@example.com,en",
            "E13,\"open,x@example.com,ja");

        Assert.Multiple(() =>
        {
            Assert.That(check.RefusedRows.Select(r => (r.Line, r.Code)), Is.EqualTo(new[]
            {
                (3, ImportRejectionCodes.BadColumns),
                (4, ImportRejectionCodes.MissingEmployeeNumber),
                (5, ImportRejectionCodes.MissingName),
                (6, ImportRejectionCodes.MissingEmail),
                (7, ImportRejectionCodes.BadEmail),
                (8, ImportRejectionCodes.BadLocale),
                (9, ImportRejectionCodes.DuplicateInFile),
                (10, ImportRejectionCodes.EmployeeNumberExists),
                (11, ImportRejectionCodes.TooLong),
                (12, ImportRejectionCodes.BadCharacters),
                (15, ImportRejectionCodes.BadQuoting),
            }));
            Assert.That(check.ValidRows.Select(r => (r.Line, r.EmployeeNumber, r.DisplayName)),
                Is.EqualTo(new[] { (2, "E01", "Valid One"), (14, "E12", "Valid, Quoted") }));
            Assert.That(check.TotalRows, Is.EqualTo(13));
            Assert.That(check.RefusedRows.Single(r => r.Line == 9).Message, Is.EqualTo("社員番号「e01」は2行目と重複しています。"));
            Assert.That(check.RefusedRows.Single(r => r.Line == 3).Message, Does.Contain("2").And.Contain("4"));
        });
    }

    [Test]
    public void Check_RefusesEveryDuplicateAfterTheFirst_NamingTheFirstLine()
    {
        var check = Check(ImportFiles.Header,
            "E1,A,a@example.com,ja",
            "E1,B,b@example.com,ja",
            "E2,C,c@example.com,ja",
            "E1,D,d@example.com,ja");

        Assert.Multiple(() =>
        {
            Assert.That(check.ValidRows.Select(r => r.Line), Is.EqualTo(new[] { 2, 4 }));
            Assert.That(check.RefusedRows.Select(r => (r.Line, r.Code)), Is.EqualTo(new[]
            {
                (3, ImportRejectionCodes.DuplicateInFile),
                (5, ImportRejectionCodes.DuplicateInFile),
            }));
            Assert.That(check.RefusedRows.Select(r => r.Message), Has.All.Contain("2行目"));
        });
    }

    [TestCase("employee_number,name,mail,locale", "mail")]
    [TestCase("employee_number,name", "メールアドレス")]
    [TestCase("employee_number,name,email,name", "name")]
    [TestCase("E1,山田,taro@example.com,ja", "E1")]
    public void Check_RefusesABadHeader_WithOneRejectionAtLine1_AndNothingValid(string header, string named)
    {
        var check = Check(header, "E1,山田,taro@example.com,ja", "E2,佐藤,hanako@example.com,en");

        Assert.Multiple(() =>
        {
            Assert.That(check.RefusedRows.Select(r => (r.Line, r.Code)), Is.EqualTo(new[] { (1, ImportRejectionCodes.BadHeader) }));
            Assert.That(check.RefusedRows.Single().Message, Does.Contain(named));
            Assert.That(check.ValidRows, Is.Empty);
            Assert.That(check.TotalRows, Is.EqualTo(2));
        });
    }

    [Test]
    public void Check_RefusesAnEmptyFile_AsABadHeader() =>
        Assert.That(EmployeeCsv.Check(CsvParser.Parse(""), []).RefusedRows.Select(r => (r.Line, r.Code)),
            Is.EqualTo(new[] { (1, ImportRejectionCodes.BadHeader) }));

    [Test]
    public void Check_SkipsBlankRows_AsExcelWritesThem()
    {
        var check = Check(ImportFiles.Header, "E1,A,a@example.com,ja", ",,,", " , , , ", "E2,B,b@example.com,en");

        Assert.Multiple(() =>
        {
            Assert.That(check.TotalRows, Is.EqualTo(2));
            Assert.That(check.ValidRows.Select(r => r.Line), Is.EqualTo(new[] { 2, 5 }));
            Assert.That(check.RefusedRows, Is.Empty);
        });
    }

    [Test]
    public void Check_WritesItsMessagesInEnglish_WhenTheRequestIsInEnglish()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("en-US");

        var check = Check(ImportFiles.Header, "E1,A,a@example.com,ja", "E1,B,b@example.com,ja", "E3,C,c@example.com,de");

        Assert.That(check.RefusedRows.Select(r => r.Message), Is.EqualTo(new[]
        {
            "The employee number “E1” already appears on line 2.",
            "The language “de” cannot be used: write ja (Japanese) or en (English), or leave it empty for ja.",
        }));
    }

    [TestCase("taro.yamada@example.co.jp", true)]
    [TestCase("taro+hr@sub.example.com", true)]
    [TestCase("taro", false)]
    [TestCase("taro@", false)]
    [TestCase("@example.com", false)]
    [TestCase("taro@example", false)]
    [TestCase("Taro <taro@example.com>", false)]
    [TestCase("taro yamada@example.com", false)]
    [TestCase("taro..yamada@example.com", false)]
    [TestCase(".taro@example.com", false)]
    [TestCase("太郎@example.com", false)]
    [TestCase("taro@[192.0.2.1]", false)]
    [TestCase("taro@-example.com", false)]
    [TestCase("taro@example..com", false)]
    [TestCase("taro@@example.com", false)]
    public void IsEmailAddress_AcceptsOnlyPlainAddresses(string email, bool expected) =>
        Assert.That(EmployeeCsv.IsEmailAddress(email), Is.EqualTo(expected));

    [Test]
    public void ANameWithATextDirectionOverride_IsRefused_AsTheApiRefusesIt()
    {
        var check = Check(ImportFiles.Header, "E1,Taro\u202Egnp.exe,a@example.com,ja", "E2,Hanako\u2067x\u2069,b@example.com,ja", "E3,佐藤 花子,c@example.com,ja");

        Assert.That(check.RefusedRows.Select(r => (r.Line, r.Code)),
            Is.EqualTo(new[] { (2, ImportRejectionCodes.BadCharacters), (3, ImportRejectionCodes.BadCharacters) }));
        Assert.That(check.ValidRows.Select(r => r.EmployeeNumber), Is.EqualTo(new[] { "E3" }));
    }

    private static EmployeeCsvCheck Check(params string[] lines) =>
        EmployeeCsv.Check(CsvParser.Parse(ImportFiles.Lines(lines)), ["TAKEN"]);
}
