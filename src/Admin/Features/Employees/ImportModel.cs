namespace Harmony.Identity.Admin.Features.Employees;

/// <summary>
/// CSV import in three steps: upload (the server checks every row and imports nothing), the report of valid and
/// refused rows with their line numbers, then confirm: the server imports the valid rows in the background (in one
/// transaction, all or nothing) and the import's progress page (<see cref="ImportStatusModel"/>) follows it. The file travels back
/// with the confirmation inside the form, so any node of the site can take it; the server's file hash proves it is
/// the file that was checked.
/// </summary>
[RequestSizeLimit(MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxRequestBytes, ValueLengthLimit = (int)MaxRequestBytes)]
public sealed class ImportModel(AdminApiClient api, IStringLocalizer<SharedResource> text) : PageModel
{
    // Base64 makes the confirmed file a third larger than the upload.
    private const long MaxRequestBytes = EmployeeImportApi.MaxFileBytes * 2;

    private static readonly Dictionary<string, string> FieldNames = new(StringComparer.OrdinalIgnoreCase)
    {
        [EmployeeImportApi.FileField] = nameof(Upload),
        [EmployeeImportApi.FileHashParameter] = "",
    };

    [BindProperty]
    public Guid? CompanyId { get; set; }

    [BindProperty]
    public IFormFile? Upload { get; set; }

    [BindProperty]
    public string? FileContent { get; set; }

    [BindProperty]
    public string? FileName { get; set; }

    [BindProperty]
    public string? FileHash { get; set; }

    public ImportReport? Report { get; private set; }

    public IReadOnlyList<CompanySummary> Companies { get; private set; } = [];

    public CompanyDetail? OwnCompany { get; private set; }

    public async Task OnGetAsync(Guid? companyId, CancellationToken cancellationToken)
    {
        CompanyId = User.CompanyId() ?? companyId;
        await LoadChoicesAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostCheckAsync(CancellationToken cancellationToken)
    {
        if (User.CompanyId() is { } own) CompanyId = own;
        await LoadChoicesAsync(cancellationToken);
        if (CompanyId is null) ModelState.AddModelError(nameof(CompanyId), text["Import.ChooseCompany"]);
        if (Upload is null || Upload.Length == 0) ModelState.AddModelError(nameof(Upload), text["Import.ChooseFile"]);
        else if (Upload.Length > EmployeeImportApi.MaxFileBytes) ModelState.AddModelError(nameof(Upload), text["Import.TooLarge", EmployeeImportApi.MaxFileBytes / 1024 / 1024]);
        if (!ModelState.IsValid) return Page();

        using var buffer = new MemoryStream();
        await Upload!.CopyToAsync(buffer, cancellationToken);
        var bytes = buffer.ToArray();
        var answer = await api.CheckEmployeeImportAsync(CompanyId!.Value, bytes, Upload.FileName, cancellationToken);
        if (answer.Problem is { IsNotFound: true }) return NotFound();
        if (answer.Problem is { } problem)
        {
            FormValidation.AddProblem(ModelState, problem, text["Form.Failed"], prefix: "", fieldNames: FieldNames);
            return Page();
        }
        Report = answer.Value;
        FileContent = Convert.ToBase64String(bytes);
        FileName = Path.GetFileName(Upload.FileName);
        FileHash = Report!.FileHash;
        return Page();
    }

    public async Task<IActionResult> OnPostConfirmAsync(CancellationToken cancellationToken)
    {
        if (User.CompanyId() is { } own) CompanyId = own;
        byte[]? bytes = null;
        try
        {
            if (!string.IsNullOrEmpty(FileContent)) bytes = Convert.FromBase64String(FileContent);
        }
        catch (FormatException)
        {
            bytes = null;
        }
        if (CompanyId is null || bytes is null || string.IsNullOrEmpty(FileHash)) return RedirectToPage();

        var answer = await api.ConfirmEmployeeImportAsync(CompanyId.Value, bytes, FileName ?? "employees.csv", FileHash, cancellationToken);
        if (answer.Problem is { IsNotFound: true }) return NotFound();
        if (answer.Problem is { } problem)
        {
            await LoadChoicesAsync(cancellationToken);
            FormValidation.AddProblem(ModelState, problem, text["Form.Failed"], prefix: "", fieldNames: FieldNames);
            FileContent = null;
            return Page();
        }
        // No valid row: the server answered with the report and started nothing.
        if (answer.Value is not { Id: var importId } || importId == Guid.Empty)
        {
            TempData.SetStatus(text["Import.NothingImported"], failed: true);
            return Redirect($"/employees?companyId={CompanyId}");
        }
        return Redirect(ImportStatusModel.PathOf(CompanyId.Value, importId));
    }

    private async Task LoadChoicesAsync(CancellationToken cancellationToken)
    {
        if (User.IsOperator()) Companies = await api.AllCompaniesAsync(cancellationToken);
        else if (User.CompanyId() is { } own) OwnCompany = (await api.GetCompanyAsync(own, cancellationToken)).Value;
    }
}
