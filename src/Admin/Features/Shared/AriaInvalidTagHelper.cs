using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Harmony.Identity.Admin.Features.Shared;

/// <summary>
/// A tag helper on a form field's element, run after the built-in ones (which set the id): the field's full name and
/// the id of its error text (<c>{field id}-error</c>), which <see cref="AriaInvalidTagHelper"/> points at and
/// <see cref="FieldErrorIdTagHelper"/> gives.
/// </summary>
public abstract class FieldTagHelper : TagHelper
{
    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override int Order => 1000;

    protected abstract ModelExpression Field { get; }

    protected string FieldName => ViewContext.ViewData.TemplateInfo.GetFullHtmlFieldName(Field.Name);

    protected string ErrorId => TagBuilder.CreateSanitizedId(FieldName, "_") + "-error";
}

/// <summary>
/// Marks a field with an error for assistive technology: <c>aria-invalid</c>, and <c>aria-describedby</c> pointing
/// at the error text that <c>asp-validation-for</c> renders beside it.
/// </summary>
[HtmlTargetElement("input", Attributes = "asp-for")]
[HtmlTargetElement("select", Attributes = "asp-for")]
[HtmlTargetElement("textarea", Attributes = "asp-for")]
public sealed class AriaInvalidTagHelper : FieldTagHelper
{
    [HtmlAttributeName("asp-for")]
    public ModelExpression For { get; set; } = null!;

    protected override ModelExpression Field => For;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (ViewContext.ModelState.TryGetValue(FieldName, out var entry) && entry.Errors.Count > 0)
        {
            output.Attributes.SetAttribute("aria-invalid", "true");
            output.Attributes.SetAttribute("aria-describedby", ErrorId);
        }
    }
}

/// <summary>Gives the error text of <c>asp-validation-for</c> the id that <see cref="AriaInvalidTagHelper"/> refers to.</summary>
[HtmlTargetElement("span", Attributes = "asp-validation-for")]
public sealed class FieldErrorIdTagHelper : FieldTagHelper
{
    [HtmlAttributeName("asp-validation-for")]
    public ModelExpression For { get; set; } = null!;

    protected override ModelExpression Field => For;

    public override void Process(TagHelperContext context, TagHelperOutput output) => output.Attributes.SetAttribute("id", ErrorId);
}
