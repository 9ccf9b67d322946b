// jitlint._core: a thin shim over the engine. Strings in, plain Python data out; no logic lives here.
#include <pybind11/eval.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <chrono>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/engine.h"
#include "core/fixer.h"
#include "core/project.h"
#include "core/source.h"
#include "core/syntax.h"
#include "rules/registry.h"

namespace py = pybind11;
using namespace jitlint;

namespace {

// The module's SourceError class, created once at import.
py::handle& source_error() {
  static py::handle type;
  return type;
}

// Everything a diagnostic needs, resolved while the GIL is released.
struct Resolved {
  std::string code, name, message, help;
  Position start, end;
  std::optional<Fix> fix;
  std::vector<std::pair<Position, Position>> edit_positions;
  std::vector<std::pair<Position, Position>> related_positions;
  std::vector<std::string> related_messages;
};

const char* phase_name(Phase phase) { return phase == Phase::Frontend ? "frontend" : "semantic"; }
const char* fix_name(FixAvailability fix) {
  switch (fix) {
    case FixAvailability::None: return "none";
    case FixAvailability::Sometimes: return "sometimes";
    case FixAvailability::Always: return "always";
  }
  return "none";
}

// Runs `work(source, parser)` on the bytes with the GIL released (the engine touches no Python object), then
// raises SourceError for bytes that are not UTF-8.
template <typename Work>
void with_source(const py::bytes& data, Work&& work) {
  std::string bytes = data;
  std::string error;
  bool invalid = false;
  {
    py::gil_scoped_release release;
    std::optional<Source> source = Source::from_bytes(std::move(bytes), &error);
    if (source) {
      thread_local Parser parser;  // one parser per thread: the engine itself is shared
      work(*source, parser);
    } else {
      invalid = true;
    }
  }
  if (invalid) {
    PyErr_SetString(source_error().ptr(), error.c_str());
    throw py::error_already_set();
  }
}

std::optional<std::unordered_set<std::string>> code_set(const std::optional<std::vector<std::string>>& codes) {
  if (!codes) return std::nullopt;
  return std::unordered_set<std::string>(codes->begin(), codes->end());
}

// {"row", "column", "end_row", "end_column"}, 1-based, columns in characters.
py::dict span(const std::pair<Position, Position>& range) {
  py::dict out;
  out["row"] = range.first.line + 1;
  out["column"] = range.first.char_column + 1;
  out["end_row"] = range.second.line + 1;
  out["end_column"] = range.second.char_column + 1;
  return out;
}

// A diagnostic's positions resolved against its source (done while the GIL is released).
Resolved resolve(Diagnostic& d, const Source& source) {
  Resolved r;
  r.code = std::string(d.rule->code);
  r.name = std::string(d.rule->name);
  r.help = std::string(d.rule->summary);
  r.message = std::move(d.message);
  r.start = source.position(d.start);
  r.end = source.position(d.end);
  for (Related& related : d.related) {
    r.related_positions.emplace_back(source.position(related.start), source.position(related.end));
    r.related_messages.push_back(std::move(related.message));
  }
  if (d.fix) {
    for (const Edit& e : d.fix->edits) r.edit_positions.emplace_back(source.position(e.start), source.position(e.end));
    r.fix = std::move(d.fix);
  }
  return r;
}

py::list to_python(const std::vector<Resolved>& resolved) {
  py::list out;
  for (const Resolved& r : resolved) {
    py::dict d;
    d["code"] = r.code;
    d["name"] = r.name;
    d["message"] = r.message;
    d["help"] = r.help;
    d["row"] = r.start.line + 1;
    d["column"] = r.start.char_column + 1;
    d["end_row"] = r.end.line + 1;
    d["end_column"] = r.end.char_column + 1;
    d["utf16_column"] = r.start.utf16_column;
    d["end_utf16_column"] = r.end.utf16_column;
    d["noqa_row"] = r.start.line + 1;
    py::list related;
    for (size_t i = 0; i < r.related_messages.size(); ++i) {
      py::dict location = span(r.related_positions[i]);
      location["message"] = r.related_messages[i];
      related.append(location);
    }
    d["related"] = related;
    if (r.fix) {
      py::dict fix;
      fix["applicability"] = applicability_name(r.fix->applicability);
      fix["message"] = r.fix->message;
      py::list edits;
      for (size_t i = 0; i < r.fix->edits.size(); ++i) {
        py::dict edit = span(r.edit_positions[i]);
        edit["content"] = r.fix->edits[i].replacement;
        edits.append(edit);
      }
      fix["edits"] = edits;
      d["fix"] = fix;
    } else {
      d["fix"] = py::none();
    }
    out.append(d);
  }
  return out;
}

py::list check_with(const py::bytes& data, const CheckOptions& options) {
  std::vector<Resolved> resolved;
  with_source(data, [&](const Source& source, Parser& parser) {
    for (Diagnostic& d : default_engine().check(source, parser, options)) resolved.push_back(resolve(d, source));
  });
  return to_python(resolved);
}

py::list check(const py::bytes& data, std::optional<std::vector<std::string>> select, bool python_accepts) {
  CheckOptions options;
  options.python_accepts = python_accepts;
  options.select = code_set(select);
  return check_with(data, options);
}

// Applies fixes to a source to a fixpoint. Returns {"output": bytes, "applied": {code: count}, "error": str|None}.
py::dict fix_with(const py::bytes& data, const FixOptions& options) {
  FixOutcome outcome;
  with_source(data, [&](const Source& source, Parser& parser) {
    outcome = apply_fixes(default_engine(), source, parser, options);
  });
  py::dict result;
  result["output"] = py::bytes(outcome.output);
  result["applied"] = outcome.applied;
  result["error"] = outcome.error ? py::cast(*outcome.error) : py::none();
  return result;
}

py::dict fix(const py::bytes& data, std::optional<std::vector<std::string>> select, bool unsafe, bool python_accepts) {
  FixOptions options;
  options.unsafe = unsafe;
  options.check.python_accepts = python_accepts;
  options.check.select = code_set(select);
  return fix_with(data, options);
}

// A checked tree with its project index (analysis across files). Loading and checking release the GIL for the
// whole run; single sources (standard input, an editor's buffer, fix) are checked with the index at hand.
class PyProject {
 public:
  PyProject(std::vector<std::string> search_paths, std::string cache_folder)
      : project_(std::move(search_paths), std::move(cache_folder)) {}

  void load(std::vector<std::string> paths) { project_.load(paths); }

  void resolve_region(int threads) {
    py::gil_scoped_release release;
    project_.resolve_region(threads);
  }

  // Files `check_all` has checked so far (callable from another thread while it runs: it releases the GIL).
  size_t checked() const { return project_.checked(); }

  // One entry per loaded file, in order: {"path", "error": str|None, "diagnostics": list|None}.
  py::list check_all(const std::vector<std::optional<std::vector<std::string>>>& selects, int threads,
                     bool release_trees) {
    if (selects.size() != project_.size()) throw py::value_error("one selection per loaded file");
    std::vector<CheckOptions> options(selects.size());
    for (size_t i = 0; i < selects.size(); ++i) options[i].select = code_set(selects[i]);
    std::vector<std::vector<Resolved>> resolved(project_.size());
    {
      py::gil_scoped_release release;
      std::vector<std::vector<Diagnostic>> diagnostics = project_.check_all(default_engine(), options, threads, release_trees);
      for (size_t i = 0; i < diagnostics.size(); ++i) {
        if (const Source* source = project_.source(i)) {
          for (Diagnostic& d : diagnostics[i]) resolved[i].push_back(resolve(d, *source));
        }
      }
    }
    py::list out;
    for (size_t i = 0; i < project_.size(); ++i) {
      py::dict entry;
      entry["path"] = project_.path(i);
      const bool failed = !project_.source(i);
      entry["error"] = failed ? py::cast(project_.error(i)) : py::none();
      entry["diagnostics"] = failed ? py::object(py::none()) : py::object(to_python(resolved[i]));
      out.append(entry);
    }
    return out;
  }

  py::list check(const py::bytes& data, const std::string& path, std::optional<std::vector<std::string>> select,
                 bool python_accepts) {
    const ModelContext context = project_.context_for(path);
    CheckOptions options;
    options.python_accepts = python_accepts;
    options.select = code_set(select);
    options.context = &context;
    return check_with(data, options);
  }

  py::dict fix(const py::bytes& data, const std::string& path, std::optional<std::vector<std::string>> select,
               bool unsafe, bool python_accepts) {
    const ModelContext context = project_.context_for(path);
    FixOptions options;
    options.unsafe = unsafe;
    options.check.python_accepts = python_accepts;
    options.check.select = code_set(select);
    options.check.context = &context;
    return fix_with(data, options);
  }

 private:
  Project project_;
};

// Times one check by stage, single-threaded, for bench/bench.py: {"parse", "model", "rules", "bare_parse"} in
// seconds; "bare_parse" is a second, plain tree-sitter parse of the same bytes (no engine at all).
py::dict profile(const py::bytes& data, std::optional<std::vector<std::string>> select) {
  CheckOptions options;
  options.select = code_set(select);
  CheckTimings timings;
  options.timings = &timings;
  double bare = 0;
  with_source(data, [&](const Source& source, Parser& parser) {
    const auto start = std::chrono::steady_clock::now();
    { Tree tree = parser.parse(source); }
    bare = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    default_engine().check(source, parser, options);
  });
  py::dict out;
  out["parse"] = timings.parse_s;
  out["model"] = timings.model_s;
  out["rules"] = timings.rules_s;
  out["bare_parse"] = bare;
  return out;
}

py::list rules() {
  py::list out;
  for (const Rule* rule : all_rules()) {
    const RuleMeta& m = rule->meta();
    py::dict d;
    d["code"] = std::string(m.code);
    d["name"] = std::string(m.name);
    d["family"] = std::string(m.family);
    d["phase"] = phase_name(m.phase);
    d["fix"] = fix_name(m.fix);
    d["summary"] = std::string(m.summary);
    d["torch_error"] = std::string(m.torch_error);
    d["doc"] = std::string(m.doc);
    out.append(d);
  }
  return out;
}

}  // namespace

PYBIND11_MODULE(_core, m) {
  m.doc() = "jitlint's C++ engine: check Python sources for code torch.jit.script rejects.";
  m.attr("__version__") = "0.1.0";
  py::exec(R"(
class SourceError(ValueError):
    """The input is not a Python source jitlint can read (for example: not valid UTF-8)."""
)", m.attr("__dict__"));
  m.attr("SourceError").attr("__module__") = "jitlint._core";
  source_error() = py::object(m.attr("SourceError")).release();  // kept for the life of the process
  m.def("check", &check, py::arg("source"), py::arg("select") = py::none(), py::arg("python_accepts") = false,
        "Check one Python source (bytes). Returns a list of diagnostic dicts; raises SourceError for bad input.");
  m.def("fix", &fix, py::arg("source"), py::arg("select") = py::none(), py::arg("unsafe") = false,
        py::arg("python_accepts") = false,
        "Apply fixes to one Python source (bytes) to a fixpoint.");
  m.def("profile", &profile, py::arg("source"), py::arg("select") = py::none(),
        "Time one check by stage (parse, model, rules) beside a bare tree-sitter parse; seconds, GIL released.");
  m.def("rules", &rules, "Every rule's metadata and documentation.");
  py::class_<PyProject>(m, "Project", "A checked tree with its project index (analysis across files).")
      .def(py::init<std::vector<std::string>, std::string>(), py::arg("search_paths"), py::arg("cache_folder") = "")
      .def("load", &PyProject::load, py::arg("paths"),
           "The files of the tree (read later: when checked, or when a question of another file needs them).")
      .def("resolve_region", &PyProject::resolve_region, py::arg("threads") = 1,
           "The compiled region across files without the rules (GIL released): which functions of each file "
           "other files' compiled code calls.")
      .def("checked", &PyProject::checked, "Files the running check_all has checked so far.")
      .def("check_all", &PyProject::check_all, py::arg("selects"), py::arg("threads") = 1, py::arg("release") = false,
           "The rules over every loaded file, each with its codes (None: all); GIL released. `release`: keep no "
           "tree once its file is checked (each file is parsed once and its tree freed on the worker).")
      .def("check", &PyProject::check, py::arg("source"), py::arg("path"), py::arg("select") = py::none(),
           py::arg("python_accepts") = false, "Check one source as the file `path` of this project.")
      .def("fix", &PyProject::fix, py::arg("source"), py::arg("path"), py::arg("select") = py::none(),
           py::arg("unsafe") = false, py::arg("python_accepts") = false,
           "Apply fixes to one source as the file `path` of this project.");
}
