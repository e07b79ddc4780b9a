using System.Security.Cryptography;
using Harmony.Identity.Contracts.Admin;
using Harmony.Identity.Server.Features.AdminApi.Import;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Identity;

namespace Harmony.Identity.Server.Features.AdminApi;

/// <summary>
/// CSV import of a company's employees, in two calls with the same file: the first checks every row and reports (nothing
/// is written); the second, with <c>confirm=true</c> and the report's file hash, queues the import of exactly the valid
/// rows and answers 202 with the import's status and its Location. A background runner hashes the temporary passwords
/// outside the request and outside the transaction, then enrols every row in one transaction (all or nothing); GET on
/// the Location shows its progress and result.
/// </summary>
public static class EmployeeImportEndpoints
{
    // Room for the multipart boundaries and part headers around the file itself.
    private const long MaxRequestBytes = EmployeeImportApi.MaxFileBytes + 64 * 1024;

    public static RouteGroupBuilder MapEmployeeImportEndpoints(this RouteGroupBuilder api)
    {
        api.AdminGroup("/companies/{companyId:guid}/employees", "Employees")
            .MapPost("/import", ImportAsync)
            // Also the limit under which MalformedRequestGuard reads the form, before this endpoint runs.
            .WithMetadata(new RequestSizeLimitAttribute(MaxRequestBytes))
            .WithName("ImportEmployees")
            .WithSummary("Checks a CSV file of employees, or starts the import of its valid rows when confirmed")
            .Accepts<EmployeeImportForm>("multipart/form-data")
            .Produces<ImportReport>()
            .Produces<EmployeeImportStatus>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        api.AdminGroup("/companies/{companyId:guid}/employees", "Employees")
            .MapGet("/imports/{importId:guid}", GetImportAsync)
            .WithName("GetEmployeeImport")
            .WithSummary("The progress and result of a confirmed import")
            .Produces<EmployeeImportStatus>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<IResult> ImportAsync(
        Guid companyId,
        HttpContext context,
        HarmonyDbContext db,
        EmployeeImporter importer,
        bool confirm = false,
        string? fileHash = null,
        CancellationToken cancellationToken = default)
    {
        var caller = AdminApiExtensions.Caller(context);
        var company = caller.CanAccess(companyId)
            ? await db.Companies.AsNoTracking().SingleOrDefaultAsync(c => c.Id == companyId, cancellationToken)
            : null;
        if (company is null) return Problem(StatusCodes.Status404NotFound, ImportTexts.CompanyNotFound());
        if (confirm && string.IsNullOrWhiteSpace(fileHash)) return FieldProblem(EmployeeImportApi.FileHashParameter, ImportTexts.FileHashRequired());

        var (upload, uploadProblem) = await ReadUploadAsync(context, cancellationToken);
        if (upload is null) return uploadProblem!;

        var bytes = upload.Bytes;
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (confirm && !string.Equals(fileHash!.Trim(), hash, StringComparison.OrdinalIgnoreCase))
        {
            return Problem(StatusCodes.Status409Conflict, ImportTexts.FileChanged());
        }

        var text = CsvDecoding.Decode(bytes);
        if (text is null) return FieldProblem(EmployeeImportApi.FileField, ImportTexts.UnknownEncoding());
        var records = CsvParser.Parse(text.Text);
        if (records.Count - 1 > EmployeeImportApi.MaxRows)
        {
            return FieldProblem(EmployeeImportApi.FileField, ImportTexts.TooManyRows(records.Count - 1));
        }

        var check = await importer.CheckAsync(company.Id, records, cancellationToken);
        var report = new ImportReport(hash, text.Encoding, check.TotalRows, check.ValidRows, check.RefusedRows, Imported: false);
        if (!confirm || check.ValidRows.Count == 0) return TypedResults.Ok(report);

        var job = await importer.QueueAsync(company.Id, check.ValidRows, check.TotalRows, hash, upload.FileName, caller.Actor, cancellationToken);
        if (job is null) return Problem(StatusCodes.Status409Conflict, ImportTexts.ImportAlreadyRunning());
        return TypedResults.Accepted(EmployeeImportApi.StatusPath(company.Id, job.Id), EmployeeImporter.StatusOf(job));
    }

    private static async Task<IResult> GetImportAsync(Guid companyId, Guid importId, HttpContext context, HarmonyDbContext db,
        CancellationToken cancellationToken)
    {
        var caller = AdminApiExtensions.Caller(context);
        var job = caller.CanAccess(companyId)
            ? await db.Set<EmployeeImportJob>().AsNoTracking().SingleOrDefaultAsync(j => j.Id == importId && j.CompanyId == companyId, cancellationToken)
            : null;
        return job is null
            ? Problem(StatusCodes.Status404NotFound, ImportTexts.ImportNotFound())
            : TypedResults.Ok(EmployeeImporter.StatusOf(job));
    }

    private sealed record Upload(byte[] Bytes, string FileName);

    /// <summary>The form the endpoint reads, as the OpenAPI document describes it (it is read by hand, for its limits).</summary>
    private sealed record EmployeeImportForm(IFormFile File);

    /// <summary>The file field of the multipart form, within the size limit; or the problem to answer.</summary>
    private static async Task<(Upload? Upload, IResult? Problem)> ReadUploadAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var request = context.Request;
        if (!request.HasFormContentType) return (null, Problem(StatusCodes.Status415UnsupportedMediaType, ImportTexts.NotMultipart()));
        if (request.ContentLength > MaxRequestBytes) return (null, Problem(StatusCodes.Status413PayloadTooLarge, ImportTexts.FileTooLarge()));

        // Without a Content-Length the server stops reading at the limit instead.
        var sizeLimit = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeLimit is { IsReadOnly: false }) sizeLimit.MaxRequestBodySize = MaxRequestBytes;

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellationToken);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, Problem(StatusCodes.Status413PayloadTooLarge, ImportTexts.FileTooLarge()));
        }
        catch (Exception e) when (e is BadHttpRequestException or InvalidDataException)
        {
            return (null, FieldProblem(EmployeeImportApi.FileField, ImportTexts.UnreadableForm()));
        }

        var file = form.Files.GetFile(EmployeeImportApi.FileField);
        if (file is null || (file.Length == 0 && string.IsNullOrEmpty(file.FileName)))
        {
            return (null, FieldProblem(EmployeeImportApi.FileField, ImportTexts.FileMissing()));
        }
        if (file.Length > EmployeeImportApi.MaxFileBytes) return (null, Problem(StatusCodes.Status413PayloadTooLarge, ImportTexts.FileTooLarge()));

        var bytes = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
        {
            await stream.ReadExactlyAsync(bytes, cancellationToken);
        }
        return (new Upload(bytes, file.FileName), null);
    }

    // As the other admin endpoints answer: the message in the caller's language is the problem's detail.
    private static IResult Problem(int status, string message) => TypedResults.Problem(detail: message, statusCode: status);

    private static IResult FieldProblem(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}
