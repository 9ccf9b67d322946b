// The engine and the semantic model, on small sources.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/engine.h"
#include "core/semantic_model.h"
#include "core/summary_cache.h"
#include "rules/registry.h"

using namespace jitlint;

namespace {

std::vector<std::string> codes_at(const std::string& text, CheckOptions options = {}) {
  std::string error;
  auto source = Source::from_bytes(text, &error);
  REQUIRE(source);
  Parser parser;
  std::vector<std::string> out;
  for (const Diagnostic& d : default_engine().check(*source, parser, options)) {
    const Position p = source->position(d.start);
    out.push_back(std::string(d.rule->code) + "@" + std::to_string(p.line + 1) + ":" + std::to_string(p.char_column + 1));
  }
  return out;
}

struct Model {
  explicit Model(const std::string& text) : source(*Source::from_bytes(text, nullptr)), tree(parser.parse(source)),
                                            model(SemanticModel::build(source, tree.root())) {}
  const FunctionInfo* function(const std::string& qualified) const {
    for (const auto& f : model.functions()) {
      if (f.qualified() == qualified) return &f;
    }
    return nullptr;
  }
  Parser parser;
  Source source;
  Tree tree;
  SemanticModel model;
};

const char* kModule = R"py(
import torch
from torch import nn

def shared(x):
    return x

def unused_helper(x):
    return x

class Mixin:
    def mixed(self, x):
        return x

    @property
    def mixin_property(self):
        return 1

    @property
    def overridden(self):
        return 1

class Block(Mixin, nn.Module):
    def __init__(self):
        super().__init__()
        self.proj = None
        self.layers = nn.ModuleList([nn.Linear(2, 2)])

    def forward(self, x):
        if torch.jit.is_scripting():
            return self.live(x)
        return self.dead(x)

    def live(self, x):
        if self.proj is not None:
            return self.dead_too(x)
        return shared(self.mixed(x))

    def dead(self, x):
        return x

    def dead_too(self, x):
        return x

    @torch.jit.export
    def exported(self, x):
        return x

    @torch.jit.ignore
    def ignored(self, x):
        return self.live(x)

    @property
    def size(self):
        return 1

    @property
    def overridden(self):
        return 2

    def never_called(self, x):
        return x

class Plain:
    def method(self):
        return 1
)py";

}  // namespace

TEST_CASE("the compiled region follows live calls only", "[semantic]") {
  Model m(kModule);
  auto compiled = [&](const char* name) {
    const FunctionInfo* f = m.function(name);
    REQUIRE(f != nullptr);
    return f->compiled;
  };
  CHECK(compiled("Block.forward"));
  CHECK(compiled("Block.live"));
  CHECK(compiled("Mixin.mixed"));
  CHECK(compiled("shared"));
  CHECK(compiled("Block.exported"));
  CHECK(compiled("Block.size"));
  CHECK(compiled("Mixin.mixin_property"));  // a mixin's properties are the module's properties
  CHECK(compiled("Block.overridden"));
  CHECK_FALSE(compiled("Mixin.overridden"));
  CHECK_FALSE(compiled("Block.__init__"));
  CHECK_FALSE(compiled("Block.dead"));      // after an `if is_scripting(): return`
  CHECK_FALSE(compiled("Block.dead_too"));  // under `self.proj is not None` with proj always None
  CHECK_FALSE(compiled("Block.ignored"));
  CHECK_FALSE(compiled("Block.never_called"));
  CHECK_FALSE(compiled("unused_helper"));
  CHECK_FALSE(compiled("Plain.method"));
}

TEST_CASE("attribute facts come from every method and the bases of the file", "[semantic]") {
  Model m(kModule);
  const int block = m.model.find_class("Block");
  REQUIRE(block >= 0);
  CHECK(m.model.classes()[block].is_module);
  REQUIRE(m.model.attribute(block, "layers"));
  CHECK(m.model.attribute(block, "layers")->kind() == AttrKind::ModuleList);
  REQUIRE(m.model.attribute(block, "proj"));
  CHECK(m.model.attribute(block, "proj")->kind() == AttrKind::None);
  CHECK_FALSE(m.model.attribute(block, "missing"));
  const int plain = m.model.find_class("Plain");
  REQUIRE(plain >= 0);
  CHECK_FALSE(m.model.classes()[plain].is_module);
}

TEST_CASE("attribute facts: what a helper of __init__ returns, and attributes of submodules", "[semantic]") {
  Model m(R"py(
import torch
from torch import nn

class Stage(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([nn.Identity()])

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.stage, self.channels = self._make_stage(2)
        self.body = self._make_body()
        self.mixed = self._mixed()
        self.yielded = self._yielded()
        self.replaced = self._replaced()

    def _make_stage(self, n):
        return Stage(), n

    def _make_body(self):
        if torch.jit.is_scripting():
            return None
        return nn.Sequential(nn.Identity())

    def _mixed(self):
        layers = nn.Sequential()
        return layers

    def _yielded(self):
        yield nn.Identity()

    def _replaced(self):
        return nn.Identity()

    def forward(self, x):
        return self.stage.layers

class Replacing(Net):
    def _replaced(self):
        return nn.ModuleList()
)py");
  const int net = m.model.find_class("Net");
  REQUIRE(net >= 0);
  auto kind = [&](const char* name) { return m.model.attribute(net, name)->kind(); };
  CHECK(kind("stage") == AttrKind::Module);  // element 0 of the returned pair
  CHECK(m.model.attribute(net, "stage")->local_class == m.model.find_class("Stage"));
  CHECK(kind("channels") == AttrKind::Unknown);
  CHECK((m.model.attribute(net, "body")->kinds & static_cast<uint32_t>(AttrKind::Sequential)) != 0);
  CHECK(kind("mixed") == AttrKind::Unknown);     // a local name returned
  CHECK(kind("yielded") == AttrKind::Unknown);   // a generator
  CHECK(kind("replaced") == AttrKind::Unknown);  // a subclass of the file overrides the helper
  // `self.stage.layers`: the attribute of the class every assignment of `self.stage` agrees on
  const FunctionInfo* forward = m.function("Net.forward");
  REQUIRE(forward != nullptr);
  TSNode body = ts_node_named_child(field(forward->definition, fld.body), 0);
  TSNode read = ts_node_named_child(body, 0);  // the return statement's value
  CHECK(m.model.attribute_kind(*forward, read) == AttrKind::ModuleList);
}

TEST_CASE("select limits the rules that run", "[engine]") {
  const std::string text = "import torch\n@torch.jit.script\ndef f(xs: list[int]):\n    return [x for x in xs if x], {1}\n";
  CHECK(codes_at(text) == std::vector<std::string>{"JT101@4:12", "JT103@4:34"});
  CheckOptions only_sets;
  only_sets.select = std::unordered_set<std::string>{"JT103"};
  CHECK(codes_at(text, only_sets) == std::vector<std::string>{"JT103@4:34"});
}

TEST_CASE("noqa comments suppress by line and code", "[engine]") {
  const std::string head = "import torch\n@torch.jit.script\ndef f(xs: list[int]):\n";
  REQUIRE(codes_at(head + "    return [x for x in xs if x]\n") == std::vector<std::string>{"JT101@4:12"});
  CHECK(codes_at(head + "    return [x for x in xs if x]  # noqa\n").empty());
  CHECK(codes_at(head + "    return [x for x in xs if x]  # noqa: JT101\n").empty());
  // JT102 suppresses nothing there: JT001 says so (JT101's suppression holds).
  CHECK(codes_at(head + "    return [x for x in xs if x]  # NOQA:JT102,JT101\n") == std::vector<std::string>{"JT001@4:34"});
  CHECK(codes_at(head + "    return [x for x in xs if x]  # noqa: JT999\n") == std::vector<std::string>{"JT101@4:12"});
  CHECK(codes_at(head + "    return [x for x in xs if x]  # noqa-ish\n") == std::vector<std::string>{"JT101@4:12"});
  CHECK(codes_at("# jitlint: noqa\n" + head + "    return [x for x in xs if x]\n").empty());
  CHECK(codes_at("# jitlint: noqa: JT102\n" + head + "    return [x for x in xs if x]\n") ==
        std::vector<std::string>{"JT101@5:12"});
  CHECK(codes_at(head + "    s = '# noqa'; return [x for x in xs if x]\n") ==
        std::vector<std::string>{"JT101@4:26"});  // not a comment
}

TEST_CASE("syntax errors are JT000 and stop the other rules", "[engine]") {
  // Without the syntax error the set literal is reported; with it, only JT000 is.
  CHECK(codes_at("import torch\n@torch.jit.script\ndef f(xs: list[int]):\n    return {1}\n") ==
        std::vector<std::string>{"JT103@4:12"});
  CHECK(codes_at("import torch\n@torch.jit.script\ndef f(xs:\n    return {1}\n") ==
        std::vector<std::string>{"JT000@2:1"});
}

TEST_CASE("deeply nested input does not overflow the stack", "[engine]") {
  std::string nested;
  for (int i = 0; i < 20000; ++i) nested += "(";
  nested += "x";
  for (int i = 0; i < 20000; ++i) nested += ")";
  const std::string head = "import torch\n@torch.jit.script\ndef f(x: int):\n    return ";
  CHECK(codes_at(head + nested + "\n").empty());
  // The rules still see what follows the nesting: "    return " (11) + 40,001 characters + ", " -> column 40,015.
  CHECK(codes_at(head + nested + ", {1}\n") == std::vector<std::string>{"JT103@4:40015"});
}

TEST_CASE("CRLF, BOM and tabs keep columns right", "[engine]") {
  const std::string text = "\xEF\xBB\xBFimport torch\r\n@torch.jit.script\r\ndef f(xs: list[int]):\r\n\treturn {x for x in xs}\r\n";
  CHECK(codes_at(text) == std::vector<std::string>{"JT102@4:9"});
}

TEST_CASE("inputs found in review: no hang, no crash, valid UTF-8 messages", "[engine]") {
  // `numpy.typing` inside an annotation once looped forever.
  CHECK(codes_at("import torch\nimport numpy\n@torch.jit.script\ndef f(xs: numpy.typing.NDArray):\n"
                 "    return [x for x in xs if x]\n") == std::vector<std::string>{"JT306@4:11", "JT101@5:12"});
  // A syntax error next to non-ASCII text: the message is cut on a character boundary.
  std::string text = "print('";
  for (int i = 0; i < 50; ++i) text += "\xC3\xA9";
  text += "' ) )\n";
  std::string error;
  auto source = Source::from_bytes(text, &error);
  REQUIRE(source);
  Parser parser;
  const auto diagnostics = default_engine().check(*source, parser, {});
  REQUIRE(diagnostics.size() == 1);
  CHECK(std::string(diagnostics[0].rule->code) == "JT000");
  std::string cut = "Syntax error: unexpected `print('";
  for (int i = 0; i < 16; ++i) cut += "\xC3\xA9";
  CHECK(diagnostics[0].message == cut + "`");
  CHECK(Source::from_bytes(diagnostics[0].message, &error).has_value());
  // A 30,000-term `and` chain in a condition: the branch under it is still checked.
  std::string chain = "import torch\nfrom torch import nn\nclass M(nn.Module):\n    def forward(self, x):\n        if x";
  for (int i = 0; i < 30000; ++i) chain += " and x";
  CHECK(codes_at(chain + ":\n            return x\n        return x\n").empty());
  CHECK(codes_at(chain + ":\n            return {x}\n        return x\n") == std::vector<std::string>{"JT103@6:20"});
}

TEST_CASE("default values are evaluated by Python, not compiled", "[engine]") {
  CHECK(codes_at("import torch\nfrom torch import nn\nclass M(nn.Module):\n"
                 "    def forward(self, x, k: int = len([k for k in range(3) if k > 0])):\n        return x\n")
            .empty());
  // The same comprehension in the body is compiled.
  CHECK(codes_at("import torch\nfrom torch import nn\nclass M(nn.Module):\n"
                 "    def forward(self, x, k: int = 0):\n        return len([k for k in range(3) if k > 0])\n") ==
        std::vector<std::string>{"JT101@5:20"});
}

TEST_CASE("static conditions: class-level Final flags, literal attributes, hasattr", "[engine]") {
  const std::string head =
      "import torch\nfrom torch import nn\nfrom typing import Final\nclass M(nn.Module):\n"
      "    use_extra: Final[bool] = False\n"
      "    def __init__(self):\n        super().__init__()\n        self.k = 3\n"
      "        self.layers = nn.ModuleList([nn.Linear(2, 2)])\n"
      "    def forward(self, x, i: int):\n";
  CHECK(codes_at(head + "        if self.use_extra:\n            x = self.layers[i](x)\n        return x\n").empty());
  CHECK(codes_at(head + "        if self.k is None:\n            x = self.layers[i](x)\n        return x\n").empty());
  CHECK(codes_at(head + "        if not hasattr(self, 'layers'):\n            x = self.layers[i](x)\n        return x\n").empty());
  // Not static: a hasattr jitlint cannot decide leaves the branch live.
  CHECK(codes_at(head + "        if hasattr(self, 'other'):\n            x = self.layers[i](x)\n        return x\n") ==
        std::vector<std::string>{"JT201@12:17"});
}

TEST_CASE("static conditions: isinstance on annotated values, conditional expressions", "[engine]") {
  const std::string head =
      "import torch\nfrom torch import nn, Tensor\nfrom typing import Optional\nclass M(nn.Module):\n"
      "    def __init__(self):\n        super().__init__()\n"
      "        self.layers = nn.ModuleList([nn.Linear(2, 2)])\n"
      "    def forward(self, x: Tensor, i: int, o: Optional[Tensor]):\n";
  CHECK(codes_at(head + "        if isinstance(x, int):\n            x = self.layers[i](x)\n        return x\n").empty());
  CHECK(codes_at(head + "        if not isinstance(i, int):\n            x = self.layers[i](x)\n        return x\n").empty());
  CHECK(codes_at(head + "        return x if torch.jit.is_scripting() else self.layers[i](x)\n").empty());
  // An Optional is refined at run time: the branch is compiled.
  CHECK(codes_at(head + "        if isinstance(o, Tensor):\n            x = self.layers[i](x)\n        return x\n") ==
        std::vector<std::string>{"JT201@10:17"});
}

TEST_CASE("a set type nested in an annotation is reported once", "[engine]") {
  CHECK(codes_at("import torch\nfrom typing import Optional, Set\n@torch.jit.script\n"
                 "def f(xs: Optional[Set[int]]) -> int:\n    return 1\n") == std::vector<std::string>{"JT103@4:20"});
}

TEST_CASE("every rejection of one function is reported at once", "[engine]") {
  // torch stops at the first (`**kwargs`); jitlint reports the signature's two problems and the body's lambda.
  const std::string text =
      "import torch\n"
      "class Norm(torch.nn.Module):\n"
      "    def forward(self, x, eps=1e-6, **kwargs):\n"
      "        scale = lambda t: t * 2\n"
      "        return scale(x) + eps\n";
  CHECK(codes_at(text) == std::vector<std::string>{"JT303@3:26", "JT301@3:36", "JT120@4:17"});
}

TEST_CASE("summaries of installed modules survive the disk cache's line format") {
  using namespace jitlint;
  FileSummary summary;
  summary.module = "extlib.base";
  summary.functions = {"helper", "pad"};
  summary.imports = {{"nn", "torch.nn"}, {"Mixin", "extlib.mixins.Mixin"}};
  summary.globals = {"logger", "ALIASES"};
  summary.forward_wrappers = {"pad"};
  ClassSummary& cls = summary.classes["Backbone"];
  cls.name = "Backbone";
  cls.bases = {"torch.nn.Module", ""};
  AttrFact fact;
  fact.kinds = 5;
  fact.is_final = true;
  fact.bool_value = false;
  fact.module_class = "torch.nn.ModuleList";
  cls.attributes.emplace("blocks", fact);
  cls.attributes.emplace("scale", AttrFact{});
  cls.attribute_calls = {{"norm", "extlib.layers.make_norm"}};
  cls.methods = {"forward", "extra"};
  cls.tensor_input_methods = {"forward"};
  cls.body_names = {"kind", "eps"};
  cls.dataclass = true;
  cls.unused_properties = std::unordered_set<std::string>{"device"};
  summary.classes["Plain"].name = "Plain";

  const std::optional<FileSummary> back = deserialize_summary(serialize_summary(summary));
  REQUIRE(back);
  CHECK(back->external);
  CHECK(back->module == summary.module);
  CHECK(back->functions == summary.functions);
  CHECK(back->imports == summary.imports);
  CHECK(back->globals == summary.globals);
  CHECK(back->forward_wrappers == summary.forward_wrappers);
  REQUIRE(back->classes.size() == 2);
  const ClassSummary& got = back->classes.at("Backbone");
  CHECK(got.bases == cls.bases);
  CHECK(got.attribute_calls == cls.attribute_calls);
  CHECK(got.methods == cls.methods);
  CHECK(got.tensor_input_methods == cls.tensor_input_methods);
  CHECK(got.body_names == cls.body_names);
  CHECK(got.dataclass);
  CHECK_FALSE(back->classes.at("Plain").dataclass);
  REQUIRE(got.unused_properties);
  CHECK(*got.unused_properties == *cls.unused_properties);
  const AttrFact& blocks = got.attributes.at("blocks");
  CHECK(blocks.kinds == 5u);
  CHECK(blocks.is_final);
  CHECK(blocks.bool_value == std::optional<bool>(false));
  CHECK(blocks.module_class == "torch.nn.ModuleList");
  CHECK_FALSE(got.attributes.at("scale").bool_value);
  CHECK_FALSE(back->classes.at("Plain").unused_properties);

  // Another format version, a cut entry or an unknown record is a miss, never a wrong summary.
  std::string text = serialize_summary(summary);
  CHECK_FALSE(deserialize_summary("jitlint-summary 3\n" + text.substr(text.find('\n') + 1)));
  CHECK_FALSE(deserialize_summary(text.substr(0, text.size() - 1)));
  CHECK_FALSE(deserialize_summary(text + "Z\tx\n"));
  CHECK_FALSE(deserialize_summary(""));
}

TEST_CASE("a list concatenation holding slice objects is not a certain list", "[engine]") {
  const std::string head = "import torch\nfrom torch import nn, Tensor\nclass M(nn.Module):\n"
                           "    def forward(self, x: Tensor) -> Tensor:\n";
  // TorchScript rejects the slice objects first ("Python slice value cannot be used as a value"): not JT130's.
  const auto with_slice = codes_at(head + "        return x.view(*([slice(None)] + [2]))\n");
  CHECK(std::find(with_slice.begin(), with_slice.end(), "JT130@5:23") == with_slice.end());
  // The same concatenation of plain values is a certain list.
  const auto plain = codes_at(head + "        return x.view(*([-1] + [2]))\n");
  CHECK(std::find(plain.begin(), plain.end(), "JT130@5:23") != plain.end());
}

TEST_CASE("JT001 reports noqa codes of rules that ran and suppressed nothing", "[engine]") {
  const std::string head = "import torch\n@torch.jit.script\ndef f(xs: list[int]):\n";
  // A used code, another linter's code, a blanket noqa: nothing to report.
  CHECK(codes_at(head + "    return [x for x in xs if x]  # noqa: JT101, E501\n").empty());
  CHECK(codes_at(head + "    return xs  # noqa: E501\n").empty());
  CHECK(codes_at(head + "    return xs  # noqa\n").empty());
  // Unused, with a fix that drops the code (or the directive with its comment).
  const std::string unused = head + "    return xs  # noqa: JT101, E501\n";
  CHECK(codes_at(unused) == std::vector<std::string>{"JT001@4:16"});
  const std::string alone = head + "    return xs  # noqa: JT101\n";
  // A rule left out of the run is not judged; JT001 left out reports nothing; JT001 listed keeps the line quiet.
  CheckOptions only_sets;
  only_sets.select = std::unordered_set<std::string>{"JT103", "JT001"};
  CHECK(codes_at(alone, only_sets).empty());
  CheckOptions without;
  without.select = std::unordered_set<std::string>{"JT101"};
  CHECK(codes_at(alone, without).empty());
  CHECK(codes_at(head + "    return xs  # noqa: JT101, JT001\n").empty());
  // A file that does not parse: no rule ran, nothing is judged.
  CHECK(codes_at(head + "    return xs +  # noqa: JT101\n") == std::vector<std::string>{"JT000@4:5"});
}
