// JT131 type-comment-in-body: `y = []  # type: List[int]` (a PEP 484 type comment) inside a compiled function.
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "core/edits.h"
#include "core/rule.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT131",
    "type-comment-in-body",
    "syntax",
    Phase::Frontend,
    FixAvailability::Sometimes,
    "torch reads every `# type:` line of a compiled function as its signature; annotate the variable instead "
    "(`y: List[int] = []`)",
    "expected type comment but found\n"
    "expected ( but found\n"
    "Return type line '# type: (...) -> ...' not found on multiline type annotation\n"
    "is probably invalid",
    R"doc(## What it does
Finds `# type:` comments (PEP 484 type comments such as `y = []  # type: List[int]`) in the body of a function
that `torch.jit.script` compiles, and comments that look like a misspelt one (`#type: int`, `# type : int`). The
signature's own type comment (`# type: (int) -> Tensor` between the `def` line and the first statement, and
per-parameter comments inside the parameter list) is not reported, nor are `# type: ignore` / `# type: ignore[code]` comments that end
their line.

## Why TorchScript rejects it
TorchScript never reads type comments on statements. To find a *signature* type comment,
`torch.jit.annotations.get_type_line` scans the whole source text of every compiled function for lines holding
`# type:` (except lines ending in `# type: ignore` or `# type: ignore[code]`) and takes what it finds as the
function's signature:
- one such line in the body: torch parses that whole line as `# type: (...) -> ...` and fails on its first token;
- a body line next to a signature type comment `# type: (int) -> int`: two lines, so torch expects the multi-line
  PEP 484 form and finds no `# type: (...) -> ...` line;
- no such line but a comment like `#type: int` or `# type : int` (also `x  # type: List[int]  # type: ignore`):
  torch takes it for a misspelt signature comment.

It is a text scan: statically dead branches (`if not torch.jit.is_scripting():`), lambdas and nested functions
count too, and so do annotated functions (the scan runs whatever the signature looks like).

## The errors torch 2.13.0 prints
```
RuntimeError: expected type comment but found 'ident' here:
RuntimeError: expected ( but found 'ident' here:
RuntimeError: Return type line '# type: (...) -> ...' not found on multiline type annotation
RuntimeError: The annotation prefix in line 1 is probably invalid.
```
The first is a comment after a statement, the second a comment on a line of its own, the third a body comment in
a function that also has a signature type comment, the last a misspelt one.

## Example
```python
def forward(self, x: Tensor) -> List[Tensor]:
    outs = []  # type: List[Tensor]
    for layer in self.layers:
        outs.append(layer(x))
    return outs
```

## Use instead
```python
def forward(self, x: Tensor) -> List[Tensor]:
    outs: List[Tensor] = []
    for layer in self.layers:
        outs.append(layer(x))
    return outs
```
A `# type: ignore` (or `# type: ignore[attr-defined]`) at the end of a line is fine.

## Fix safety
For the common shape `name = value  # type: T` (a plain name as the only target, a statement on a line of its
own, the comment being `# type: T`, possibly followed by another comment such as `# noqa`) the fix writes
`name: T = value` and drops the type comment (a comment after it stays). It is
**safe**: Python does not evaluate the annotations of local variables, so the function behaves as before, and
TorchScript now types the variable as the comment meant. `typing` names the annotation uses (`List`, `Dict`,
`Optional`, ...) are imported when the file lacks them; when `T` names anything else that the file does not
bind (a `Tensor` that is not imported), there is no fix. Other shapes (a type comment on a `for` or `with`
line, on a line of its own, after a tuple target, a misspelt one) have no automatic fix: annotate the variable
by hand, or make the comment not start with `# type:`.

## Known limitations
Only comments are reported: a string literal holding `# type:` in a compiled function fails the same way and is
not reported. A comment after the last statement of a function that tree-sitter places outside the function is
not seen. Functions with a signature written in the multi-line form (`# type: (...) -> int`) are reported only
for comments before that line (torch ignores the lines after it).
)doc"};

constexpr std::string_view kTypeComment = "# type:";

// torch/jit/annotations.py, get_type_line: a line whose type comment is `# type: ignore[...]` at its end.
const std::regex& ignore_pattern() {
  static const std::regex pattern("# type:\\ ignore(\\[[a-zA-Z-]+\\])?$");
  return pattern;
}
// ... and the "probably invalid" prefix (checked when no line holds a real type comment).
const std::regex& wrong_pattern() {
  static const std::regex pattern("#[\\t ]*type[\\t ]*(?!: ignore(\\[.*\\])?$):");
  return pattern;
}

struct FoundComment {
  TSNode node;
  TSNode parent;
};

// `T` of `# type: T` as a type expression: `name(.name)*` with an optional `[T, ...]`; the bare (head) names it
// uses go to `names` (dotted ones whole). False when it is not one whole type.
class TypeText {
 public:
  explicit TypeText(std::string_view text) : text_(text) {}
  bool parse(std::vector<std::string>& names) {
    if (!type(names)) return false;
    skip();
    return pos_ == text_.size();
  }

 private:
  void skip() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t')) ++pos_;
  }
  static bool ident_char(char c, bool first) {
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (!first && c >= '0' && c <= '9');
  }
  bool name(std::string& out) {
    skip();
    const size_t start = pos_;
    for (;;) {
      if (pos_ >= text_.size() || !ident_char(text_[pos_], true)) return false;
      while (pos_ < text_.size() && ident_char(text_[pos_], false)) ++pos_;
      if (pos_ < text_.size() && text_[pos_] == '.') {
        ++pos_;
        continue;
      }
      break;
    }
    out = std::string(text_.substr(start, pos_ - start));
    return true;
  }
  bool type(std::vector<std::string>& names) {
    std::string head;
    if (!name(head)) return false;
    names.push_back(head);
    skip();
    if (pos_ < text_.size() && text_[pos_] == '[') {
      ++pos_;
      for (;;) {
        if (!type(names)) return false;
        skip();
        if (pos_ < text_.size() && text_[pos_] == ',') {
          ++pos_;
          continue;
        }
        if (pos_ < text_.size() && text_[pos_] == ']') {
          ++pos_;
          break;
        }
        return false;
      }
    }
    return true;
  }
  std::string_view text_;
  size_t pos_ = 0;
};

// A comment between the header and the first statement that reads as a signature type comment `# type: (...)`.
bool signature_comment(std::string_view text) {
  if (text.substr(0, kTypeComment.size()) != kTypeComment) return false;
  const size_t start = text.find_first_not_of(" \t", kTypeComment.size());
  return start != std::string_view::npos && text[start] == '(';
}

// Where the first of the comments on a line ends (`# type: T  # noqa` -> after `T`): the reported range.
uint32_t first_comment_end(TSNode comment, std::string_view text) {
  size_t end = text.find('#', 1);
  if (end == std::string_view::npos) end = text.size();
  while (end > 1 && (text[end - 1] == ' ' || text[end - 1] == '\t')) --end;
  return ts_node_start_byte(comment) + static_cast<uint32_t>(end);
}

// A `#` followed by `type` (spaces or tabs between): the only functions worth walking for their comments.
bool mentions_type_comment(std::string_view text) {
  for (size_t hash = text.find('#'); hash != std::string_view::npos; hash = text.find('#', hash + 1)) {
    size_t at = hash + 1;
    while (at < text.size() && (text[at] == ' ' || text[at] == '\t')) ++at;
    if (text.compare(at, 4, "type") == 0) return true;
  }
  return false;
}

class TypeCommentInBody final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override { return Subscriptions::each_function(); }

  void check_function(RuleContext& context, const FunctionInfo& function) const override {
    const Source& source = context.source();
    const TSNode definition = function.definition;
    const TSNode body = field(definition, fld.body);
    if (ts_node_is_null(body) || !mentions_type_comment(context.text(definition))) return;
    // The signature's own type comment: `# type: (...) -> T` between the header and the first statement.
    uint32_t body_from = ts_node_end_byte(body);
    for (TSNode statement : NamedChildren(body)) {
      body_from = ts_node_start_byte(statement);
      break;
    }
    // Comments inside the parameter list are the signature's (PEP 484 per-parameter form).
    uint32_t header_end = ts_node_end_byte(function.signature.parameters_node);
    if (!ts_node_is_null(function.signature.return_type)) header_end = ts_node_end_byte(function.signature.return_type);
    std::vector<FoundComment> comments;
    bool has_global = false;
    walk(definition, [&](const NodePath& path) {
      const TSNode node = path.node();
      if (is(node, sym.global_statement) || is(node, sym.nonlocal_statement)) has_global = true;
      if (is(node, sym.comment) && ts_node_start_byte(node) >= header_end &&
          (ts_node_start_byte(node) >= body_from || !signature_comment(context.text(node)))) {
        comments.push_back({node, path.parent()});
      }
      return true;
    });
    if (comments.empty()) return;

    // get_type_line over the function's text (the lines from `def` to its end).
    const uint32_t first = source.line_of(ts_node_start_byte(definition));
    const uint32_t last = source.line_of(ts_node_end_byte(definition));
    std::vector<bool> type_line(last - first + 1, false);
    bool any_type_line = false;
    std::optional<uint32_t> return_line;  // the first `# type: (...) -> ` line: torch ignores the lines below it
    for (uint32_t line = first; line <= last; ++line) {
      const std::string_view text = source.line_text(line);
      if (text.find(kTypeComment) == std::string_view::npos) continue;
      if (!return_line && text.find("# type: (...) -> ") != std::string_view::npos) return_line = line;
      const std::string owned(text);
      if (std::regex_search(owned, ignore_pattern())) continue;
      type_line[line - first] = true;
      any_type_line = true;
    }

    for (const FoundComment& comment : comments) {
      const uint32_t line = source.line_of(ts_node_start_byte(comment.node));
      const std::string_view text = context.text(comment.node);
      if (any_type_line) {
        if (!type_line[line - first] || text.find(kTypeComment) == std::string_view::npos) continue;
        if (return_line && *return_line < line) continue;
        context.report_range(ts_node_start_byte(comment.node), first_comment_end(comment.node, text),
                       "Type comments in the body of a compiled function are not supported by TorchScript, "
                       "which reads them as the function's signature",
                       has_global ? std::nullopt : annotate_fix(context, comment));
      } else if (std::regex_search(std::string(text), wrong_pattern())) {
        context.report_range(ts_node_start_byte(comment.node), first_comment_end(comment.node, text),
                       "Comments that look like a misspelt type comment are not supported in a compiled function "
                       "by TorchScript, which rejects them as an invalid signature annotation");
      }
    }
  }

 private:
  // `name = value  # type: T` -> `name: T = value`
  static std::optional<Fix> annotate_fix(RuleContext& context, const FoundComment& comment) {
    const Source& source = context.source();
    const std::string_view text = context.text(comment.node);
    if (text.substr(0, kTypeComment.size()) != kTypeComment) return std::nullopt;
    // `T` runs to the end of the comment or to a comment after it (`# type: T  # noqa`), which the fix keeps.
    const size_t rest = text.find('#', kTypeComment.size());
    const std::string_view type_text =
        text.substr(kTypeComment.size(), rest == std::string_view::npos ? std::string_view::npos : rest - kTypeComment.size());
    std::vector<std::string> names;
    if (!TypeText(type_text).parse(names) || names.front() == "ignore") return std::nullopt;  // `ignore[F401]`
    // The statement just before the comment, in the same block.
    if (!is(comment.parent, sym.block)) return std::nullopt;
    TSNode statement{};
    const uint32_t count = ts_node_named_child_count(comment.parent);
    for (uint32_t i = 0; i < count; ++i) {
      const TSNode child = ts_node_named_child(comment.parent, i);
      if (same_node(child, comment.node)) break;
      statement = child;
    }
    if (!is(statement, sym.expression_statement) || ts_node_named_child_count(statement) != 1) return std::nullopt;
    const uint32_t line = source.line_of(ts_node_start_byte(comment.node));
    if (source.line_of(ts_node_start_byte(statement)) != line || source.line_of(ts_node_end_byte(statement)) != line) {
      return std::nullopt;
    }
    // Alone on its line: only blanks before it, only blanks between it and the comment.
    const std::string_view before = source.slice(source.line_start(line), ts_node_start_byte(statement));
    if (before.find_first_not_of(" \t") != std::string_view::npos) return std::nullopt;
    const std::string_view between = source.slice(ts_node_end_byte(statement), ts_node_start_byte(comment.node));
    if (between.find_first_not_of(" \t") != std::string_view::npos) return std::nullopt;
    const TSNode assignment = ts_node_named_child(statement, 0);
    if (!is(assignment, sym.assignment)) return std::nullopt;
    const TSNode left = field(assignment, fld.left);
    const TSNode right = field(assignment, fld.right);
    if (!is(left, sym.identifier) || ts_node_is_null(right) || !ts_node_is_null(field(assignment, fld.type))) {
      return std::nullopt;
    }
    if (is(right, sym.assignment)) return std::nullopt;  // `a = b = []`

    // Every name of the annotation must resolve once it is real code.
    static const char* const kBuiltins[] = {"int", "float", "bool", "str", "None", "list", "dict", "tuple"};
    static const char* const kTyping[] = {"List", "Dict", "Tuple", "Optional", "Union", "Any"};
    const SemanticModel& model = context.model();
    Fix fix;
    for (const std::string& name : names) {
      const size_t dot = name.find('.');
      const std::string head = name.substr(0, dot);
      if (dot == std::string::npos) {
        bool known = false;
        for (const char* builtin : kBuiltins) known = known || (head == builtin && !model.imports().binds(head));
        for (const char* typing : kTyping) {
          if (head == typing && !known) {
            known = true;
            if (!model.imports().binds(head)) fix.typing_imports.push_back(head);
          }
        }
        if (!known && !model.imports().binds(head) && model.find_class(head) < 0) return std::nullopt;
      } else if (!model.imports().binds(head)) {
        return std::nullopt;
      }
    }
    // `T` with its surrounding blanks dropped; the parse saw at least one name.
    const size_t from = type_text.find_first_not_of(" \t");
    const size_t to = type_text.find_last_not_of(" \t");
    const std::string annotation(type_text.substr(from, to - from + 1));
    const uint32_t type_end = ts_node_start_byte(comment.node) + static_cast<uint32_t>(kTypeComment.size() + to + 1);
    fix.applicability = Applicability::Safe;
    fix.message = "Annotate `" + std::string(context.text(left)) + ": " + annotation + "` instead";
    fix.edits.push_back(
        Edit{ts_node_end_byte(left), ts_node_start_byte(right), ": " + annotation + " = "});
    fix.edits.push_back(Edit{ts_node_end_byte(statement), type_end, ""});
    return fix;
  }
};

}  // namespace

const Rule& type_comment_in_body_rule() {
  static const TypeCommentInBody rule;
  return rule;
}

}  // namespace jitlint
