// The engine's rule interface (subscriptions by kind id, hooks, nested scopes, related locations) and the
// semantic model's services (signatures, attribute sites, callee resolution, types, Optional refinement).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/engine.h"
#include "core/expr_types.h"
#include "core/refinement.h"
#include "core/semantic_model.h"
#include "rules/registry.h"

using namespace jitlint;

namespace {

struct Parsed {
  explicit Parsed(const std::string& text)
      : source(*Source::from_bytes(text, nullptr)), tree(parser.parse(source)),
        model(SemanticModel::build(source, tree.root())) {}
  const FunctionInfo& function(const std::string& qualified) const {
    for (const auto& f : model.functions()) {
      if (f.qualified() == qualified) return f;
    }
    FAIL("no function " << qualified);
    return model.functions().front();
  }
  Parser parser;
  Source source;
  Tree tree;
  SemanticModel model;
};

constexpr RuleMeta kFrontend{"JT991", "probe-frontend", "test", Phase::Frontend, FixAvailability::None, "t", "t", "t"};
constexpr RuleMeta kSemantic{"JT992", "probe-semantic", "test", Phase::Semantic, FixAvailability::None, "t", "t", "t"};

// Reports every node of the subscribed kinds, and every hook call, with the rule's phase.
class Probe final : public Rule {
 public:
  Probe(const RuleMeta& meta, Subscriptions subscriptions) : meta_(meta), subscriptions_(std::move(subscriptions)) {}
  const RuleMeta& meta() const override { return meta_; }
  Subscriptions subscriptions() const override { return subscriptions_; }
  void check(RuleContext& context, TSNode node) const override { context.report(node, std::string(context.text(node))); }
  void check_function(RuleContext& context, const FunctionInfo& function) const override {
    std::string message = "function " + function.qualified() + "(";
    for (const Parameter& p : function.signature.parameters) message += std::string(p.name) + ",";
    context.report(function.definition, message + ")");
  }
  void check_class(RuleContext& context, const ClassInfo& cls) const override {
    Diagnostic& d = context.report(cls.definition, "class " + std::string(cls.name));
    for (const auto& [name, fact] : cls.attributes) {
      for (const AttrSite& site : fact.sites) {
        d.related.push_back(Related{ts_node_start_byte(site.node), ts_node_end_byte(site.node), std::string(name)});
      }
    }
  }
  void check_file(RuleContext& context) const override { context.report_range(0, 0, "file"); }

 private:
  const RuleMeta& meta_;
  Subscriptions subscriptions_;
};

std::vector<std::string> messages(const Engine& engine, const std::string& text) {
  auto source = Source::from_bytes(text, nullptr);
  REQUIRE(source);
  Parser parser;
  std::vector<std::string> out;
  for (const Diagnostic& d : engine.check(*source, parser, {})) out.push_back(std::string(d.rule->code) + " " + d.message);
  return out;
}

const char* kNested = R"py(
import torch
from torch import nn

class Net(nn.Module):
    def forward(self, x, scale: int = 7):
        f = lambda y: y + 1
        def inner(z, k=8):
            return z * 2
        if not torch.jit.is_scripting():
            x = x + 3
        return f(x) + inner(x) + 4
)py";

}  // namespace

TEST_CASE("every grammar name the engine uses resolves to an id") {
  CHECK(unresolved_grammar_names().empty());
  CHECK(sym.call != 0);
  CHECK(sym.true_ != 0);
  CHECK(sym.kw_is_not != 0);
  CHECK(fld.operator_ != 0);
  CHECK(named_kind_id("call") == sym.call);
  CHECK(named_kind_id("no_such_kind") == 0);
}

TEST_CASE("a rule subscribing to a kind the grammar does not have stops the engine at construction") {
  Probe unknown(kFrontend, Subscriptions{{static_cast<TSSymbol>(60000)}});
  CHECK_THROWS_AS(Engine({&unknown}, syntax_error_rule()), RuleSetupError);
  Probe token(kFrontend, Subscriptions{{sym.kw_and}});  // an anonymous token, not a node kind rules can get
  CHECK_THROWS_WITH(Engine({&token}, syntax_error_rule()), Catch::Contains("JT991"));
  Probe zero(kFrontend, Subscriptions{{0}});
  CHECK_THROWS_AS(Engine({&zero}, syntax_error_rule()), RuleSetupError);
}

TEST_CASE("frontend rules reach lambdas, nested definitions and dead code; semantic rules do not; defaults reach none") {
  Probe frontend(kFrontend, Subscriptions{{sym.integer}});
  Probe semantic(kSemantic, Subscriptions{{sym.integer}});
  const Engine engine({&frontend, &semantic}, syntax_error_rule());
  CHECK(messages(engine, kNested) ==
        std::vector<std::string>{"JT991 1", "JT991 2", "JT991 3", "JT991 4", "JT992 4"});
}

TEST_CASE("hooks: each compiled function with its signature, each class with its attribute sites, the file once") {
  Probe hooks(kSemantic, Subscriptions{{}, true, true, true});
  const Engine engine({&hooks}, syntax_error_rule());
  const std::string text = R"py(
import torch
from torch import nn

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.scale = 2
        if True:
            self.scale = 3

    def forward(self, x, *rest, y: int = 1, **options):
        return self.helper(x)

    def helper(self, x):
        return x

    def unused(self, x):
        return x
)py";
  CHECK(messages(engine, text) == std::vector<std::string>{"JT992 file", "JT992 class Net",
                                                           "JT992 function Net.forward(self,x,rest,y,options,)",
                                                           "JT992 function Net.helper(self,x,)"});
  auto source = Source::from_bytes(text, nullptr);
  Parser parser;
  const auto diagnostics = engine.check(*source, parser, {});
  REQUIRE(diagnostics.size() == 4);
  const Diagnostic& cls = diagnostics[1];
  REQUIRE(cls.related.size() == 2);  // both assignments of self.scale
  CHECK(source->line_of(cls.related[0].start) == 7);
  CHECK(source->line_of(cls.related[1].start) == 9);
}

TEST_CASE("signatures: parameter kinds, annotations and the literal kinds of defaults") {
  Parsed p(R"py(
def f(a, b: int, /, c=1, d: float = -2.5, *args, e, g="s", h=None, i=(1, 2), j=[], k={}, l=lambda: 0, **kw) -> int:
    return 1
)py");
  const Signature& s = p.function("f").signature;
  REQUIRE(s.parameters.size() == 13);
  using K = Parameter::Kind;
  std::vector<K> kinds;
  for (const Parameter& parameter : s.parameters) kinds.push_back(parameter.kind);
  CHECK(kinds == std::vector<K>{K::PositionalOnly, K::PositionalOnly, K::Positional, K::Positional, K::VarArgs,
                                K::KeywordOnly, K::KeywordOnly, K::KeywordOnly, K::KeywordOnly, K::KeywordOnly,
                                K::KeywordOnly, K::KeywordOnly, K::VarKwargs});
  CHECK(text(p.source, s.parameters[1].annotation) == "int");
  CHECK(s.find("c")->default_kind == LiteralKind::Int);
  CHECK(s.find("d")->default_kind == LiteralKind::Float);
  CHECK(s.find("e")->default_kind == LiteralKind::Other);
  CHECK(ts_node_is_null(s.find("e")->default_value));
  CHECK(s.find("g")->default_kind == LiteralKind::Str);
  CHECK(s.find("h")->default_kind == LiteralKind::None);
  CHECK(s.find("i")->default_kind == LiteralKind::Tuple);
  CHECK(s.find("j")->default_kind == LiteralKind::EmptyList);
  CHECK(s.find("k")->default_kind == LiteralKind::EmptyDict);
  CHECK(s.find("l")->default_kind == LiteralKind::Lambda);
  CHECK(s.find("args")->name == "args");
  CHECK(text(p.source, s.return_type) == "int");
}

TEST_CASE("attribute facts: literal kinds, sites and the method that assigns") {
  Parsed p(R"py(
import torch
from torch import nn

class Plain:
    pass

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.i = 1
        self.f = 1.5
        self.s = "s"
        self.b = True
        self.l = []
        self.d = {}
        self.fn = lambda x: x
        self.obj = Plain()
        self.mixed = 1
        self.build()

    def build(self):
        self.mixed = "one"
        self.register_buffer("buf", None)
)py");
  const int net = p.model.find_class("Net");
  auto kind = [&](const char* name) { return p.model.attribute(net, name)->kind(); };
  CHECK(kind("i") == AttrKind::Int);
  CHECK(kind("f") == AttrKind::Float);
  CHECK(kind("s") == AttrKind::Str);
  CHECK(kind("b") == AttrKind::Bool);
  CHECK(p.model.attribute(net, "b")->bool_value == true);
  CHECK(kind("l") == AttrKind::EmptyList);
  CHECK(kind("d") == AttrKind::EmptyDict);
  CHECK(kind("fn") == AttrKind::Lambda);
  CHECK(kind("obj") == AttrKind::Object);
  CHECK(p.model.attribute(net, "obj")->local_class == p.model.find_class("Plain"));
  CHECK(kind("buf") == AttrKind::None);
  const AttrFact* mixed = p.model.attribute(net, "mixed");
  CHECK(mixed->kind() == AttrKind::Unknown);  // an int here, a str there
  CHECK(mixed->is_literal());
  REQUIRE(mixed->sites.size() == 2);
  CHECK(p.model.functions()[mixed->sites[0].function].name == "__init__");
  CHECK(p.model.functions()[mixed->sites[1].function].name == "build");
  CHECK(text(p.source, mixed->sites[1].value) == "\"one\"");
}

TEST_CASE("callee resolution: methods, functions and classes of the file, builtins, imported names") {
  Parsed p(R"py(
import torch
from torch import nn

def helper(x):
    return x

class Box:
    def __init__(self):
        self.v = 1

class Net(nn.Module):
    def forward(self, x):
        a = self.double(x)
        b = helper(a)
        c = Box()
        d = len([1])
        e = torch.cat([a, b])
        return e

    def double(self, x):
        return x * 2
)py");
  const FunctionInfo& forward = p.function("Net.forward");
  REQUIRE(forward.calls.size() == 5);
  std::vector<std::string> resolved;
  for (TSNode call : forward.calls) {
    const Callee callee = p.model.resolve_call(forward, call);
    switch (callee.kind) {
      case Callee::Kind::Method: resolved.push_back("method " + p.model.functions()[callee.index].qualified()); break;
      case Callee::Kind::ModuleFunction: resolved.push_back("function " + std::string(p.model.functions()[callee.index].name)); break;
      case Callee::Kind::LocalClass: resolved.push_back("class " + std::string(p.model.classes()[callee.index].name)); break;
      case Callee::Kind::Builtin: resolved.push_back("builtin " + callee.qualified); break;
      case Callee::Kind::Qualified: resolved.push_back("qualified " + callee.qualified); break;
      case Callee::Kind::Unknown: resolved.push_back("unknown"); break;
    }
  }
  CHECK(resolved == std::vector<std::string>{"method Net.double", "function helper", "class Box", "builtin len",
                                             "qualified torch.cat"});
  // The closure reached all of them; Box became a TorchScript class.
  CHECK(p.function("Net.double").compiled);
  CHECK(p.function("helper").compiled);
  CHECK(p.function("Box.__init__").compiled);
}

TEST_CASE("a dataclass used from compiled code compiles none of its methods (torch stops at its generated __init__)") {
  Parsed p(R"py(
import dataclasses
from dataclasses import dataclass
import torch
from torch import nn

@dataclass
class Output:
    x: torch.Tensor

    def to_tuple(self):
        return tuple(v for v in [self.x])

@dataclasses.dataclass(frozen=True)
class Frozen:
    y: int

    def twice(self):
        return self.y * 2

class Derived(Output):
    def extra(self):
        return 1

class Box:
    def get(self):
        return 1

class Net(nn.Module):
    def forward(self, x):
        Box()
        Frozen(1)
        Derived(x)
        return Output(x)
)py");
  CHECK(p.function("Box.get").compiled);
  CHECK_FALSE(p.function("Output.to_tuple").compiled);
  CHECK_FALSE(p.function("Frozen.twice").compiled);
  CHECK_FALSE(p.function("Derived.extra").compiled);
}

TEST_CASE("a plain class named by a compiled signature's annotation is compiled; one with bases is left to torch") {
  Parsed p(R"py(
from typing import List, Optional
import torch
from torch import nn

class Cache:
    def update(self, k: int) -> int:
        return k

class Quoted(object):
    def get(self) -> int:
        return 1

class Returned:
    def get(self) -> int:
        return 1

class Unused:
    def get(self) -> int:
        return 1

class Derived(Cache):
    def extra(self) -> int:
        return 1

class Net(nn.Module):
    def forward(self, x: torch.Tensor, cache: Cache | None = None, q: Optional["Quoted"] = None,
                d: Optional[Derived] = None) -> torch.Tensor:
        return x

    def helper(self, y: List[Unused]) -> Returned:
        return Returned()
)py");
  CHECK(p.function("Cache.update").compiled);
  CHECK(p.function("Quoted.get").compiled);
  CHECK_FALSE(p.function("Unused.get").compiled);     // only a method nothing compiles names it
  CHECK_FALSE(p.function("Returned.get").compiled);   // likewise
  CHECK_FALSE(p.function("Derived.extra").compiled);  // a class with a base: jitlint cannot tell what torch does
}

TEST_CASE("a branch under isinstance(v, tuple) of a value of unknown type is left alone; the else branch is not") {
  Parsed p(R"py(
import torch
from torch import nn

class Net(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = self.head(x)
        if isinstance(out, tuple):
            a = 1
        else:
            b = 2
        if isinstance(x, tuple):
            c = 3
        else:
            d = 4
        return x
)py");
  const FunctionInfo& f = p.function("Net.forward");
  auto dead = [&](const char* needle) {
    const std::string text(p.source.text());
    const uint32_t at = static_cast<uint32_t>(text.find(needle));
    for (const auto& [start, end] : f.dead_ranges) {
      if (at >= start && at < end) return true;
    }
    return false;
  };
  CHECK(dead("a = 1"));
  CHECK_FALSE(dead("b = 2"));
  CHECK(dead("c = 3"));  // x is a Tensor: statically false
  CHECK_FALSE(dead("d = 4"));
}

TEST_CASE("a file that imports no torch keeps signatures and reads no body") {
  Parsed p(R"py(
class Config(Base):
    def __init__(self, hidden=4):
        self.hidden = hidden

def script_me(x: int):
    return [y for y in range(x) if y]
)py");
  CHECK_FALSE(p.model.indexed_bodies());
  CHECK(p.function("script_me").signature.parameters.size() == 1);
  CHECK(p.model.classes()[0].attributes.empty());
  CHECK(p.function("Config.__init__").calls.empty());
}

TEST_CASE("types: structured, spelled back, element types, and one cached answer per expression") {
  auto parsed = Type::parse("Dict[str, List[Tuple[int, Tensor]]]");
  REQUIRE(parsed);
  CHECK(parsed->is(Type::Kind::Dict));
  CHECK(parsed->element()->is(Type::Kind::List));
  CHECK(parsed->element()->element()->args.size() == 2);
  CHECK(parsed->spell() == "Dict[str, List[Tuple[int, Tensor]]]");
  CHECK_FALSE(Type::parse("List[int, int]"));
  CHECK_FALSE(Type::parse("List[int"));
  CHECK(Type::parse("Optional[Tensor]")->is(Type::Kind::Optional));

  Parsed p(R"py(
import torch
from typing import List

@torch.jit.script
def f(xs: List[int], t: torch.Tensor):
    n = len(xs)
    return xs[0] + n, t.size(), (t, n)
)py");
  const FunctionInfo& f = p.function("f");
  ExprTypes types(p.model, f);
  TSNode ret = ts_node_named_child(ts_node_named_child(field(f.definition, fld.body), 1), 0);
  auto spelled = [&](TSNode expr) {
    auto t = types.of(expr);
    return t ? t->type.spell() + (t->certain ? "" : "?") : std::string("unknown");
  };
  std::vector<std::string> got;
  for (TSNode element : NamedChildren(ret)) got.push_back(spelled(element));
  CHECK(got == std::vector<std::string>{"int", "List[int]", "Tuple[Tensor, int]"});
  const size_t cached = p.model.expression_types().size();
  CHECK(cached == 3);
  for (TSNode element : NamedChildren(ret)) spelled(element);
  CHECK(p.model.expression_types().size() == cached);
}

namespace {

// The types ExprTypes gives the elements of the tuple `f`'s first statement returns: "T", "T?" (not certain) or
// "unknown".
std::vector<std::string> returned_types(Parsed& p, const char* name) {
  const FunctionInfo& f = p.function(name);
  ExprTypes types(p.model, f);
  TSNode ret = ts_node_named_child(ts_node_named_child(field(f.definition, fld.body), 0), 0);
  std::vector<std::string> got;
  for (TSNode element : NamedChildren(ret)) {
    auto t = types.of(element);
    got.push_back(t ? t->type.spell() + (t->certain ? "" : "?") : std::string("unknown"));
  }
  return got;
}

}  // namespace

TEST_CASE("types: TorchScript's list arithmetic takes a tuple beside a list and repeats a tuple into a list") {
  Parsed p(R"py(
import torch
from typing import List

@torch.jit.script
def f(xs: List[int], t: torch.Tensor, n: int):
    return xs + (n, 2), (n, 2) + xs, (1,) * n, n * [2], (n, 2) + (3, 4), (1, 2.0) * n, xs + (t, 2)
)py");
  CHECK(returned_types(p, "f") == std::vector<std::string>{"List[int]", "List[int]", "List[int]", "List[int]",
                                        "unknown", "unknown",  // tuple + tuple: not typed (yet)
                                        "unknown"});  // a Tensor beside ints: torch fails at the `+`
}

TEST_CASE("types: arithmetic with a Tensor known for certain is certainly a Tensor, whatever the other side") {
  Parsed p(R"py(
import torch

@torch.jit.script
def f(t, s: torch.Tensor | None, n: int):
    return t % unknown_value, 1 - t, t * n, [n] * t, "a" + t, s + unknown_value
)py");
  CHECK(returned_types(p, "f") == std::vector<std::string>{"Tensor", "Tensor", "Tensor",
                                        "unknown",   // a list repeated: no arithmetic of a Tensor
                                        "unknown",   // a str beside a Tensor: torch fails at the `+`
                                        "unknown"});  // an unrefined Optional is no Tensor
}

TEST_CASE("types: the builtin max / min of tensors is a number, as TorchScript converts each Tensor argument") {
  Parsed p(R"py(
import torch
from typing import List

@torch.jit.script
def f(t: torch.Tensor, u: torch.Tensor, xs: List[int], n: int):
    return max(t, u), min(t, 1.0), max(t, n, u), max(xs), max(t, unknown_value), min(t, key=u)
)py");
  CHECK(returned_types(p, "f") == std::vector<std::string>{"int", "float", "int", "unknown", "unknown", "unknown"});
}

namespace {

// Records, for each read of `x` in compiled code, whether TorchScript has refined it to not-None there.
class RefinementProbe final : public Rule {
 public:
  const RuleMeta& meta() const override { return kSemantic; }
  Subscriptions subscriptions() const override { return {{sym.identifier}}; }
  void check(RuleContext& context, TSNode node) const override {
    if (context.text(node) != "x" || !is(context.parent(), sym.attribute)) return;  // the reads `x.<attr>`
    const char* names[] = {"no", "yes", "unknown"};
    context.report(node, names[static_cast<int>(not_none_refinement(context.model(), context.function(), context.path()))]);
  }
};

}  // namespace

TEST_CASE("Optional refinement: if / elif / else, and / or / not, conditional expressions, assert, early exit") {
  RefinementProbe probe;
  const Engine engine({&probe}, syntax_error_rule());
  const std::string text = R"py(
import torch
from typing import Optional

@torch.jit.script
def f(x: Optional[torch.Tensor], flag: bool):
    a = x.a
    if x is not None:
        b = x.b
    else:
        c = x.c
    if x is None:
        d = x.d
    elif flag:
        e = x.e
    else:
        g = x.g
    h = x.h if x is not None else 0
    i = flag and x is not None and x.i
    j = x is None or x.j
    if not (x is None):
        k = x.k
    if x is not None and flag:
        m = x.m
    if x is not None or flag:
        n = x.n
    return a

@torch.jit.script
def g(x: Optional[torch.Tensor]):
    assert x is not None
    return x.a

@torch.jit.script
def h(x: Optional[torch.Tensor]):
    if x is None:
        return 0
    return x.a

@torch.jit.script
def rebound(x: Optional[torch.Tensor], y: Optional[torch.Tensor]):
    if x is not None:
        x = y
        return x.a
    for _ in range(3):
        if x is not None:
            r = x.b
            x = y
    return 0
)py";
  CHECK(messages(engine, text) ==
        std::vector<std::string>{"JT992 no",  "JT992 yes", "JT992 no",  "JT992 no",      "JT992 yes", "JT992 yes",
                                 "JT992 yes", "JT992 yes", "JT992 yes", "JT992 yes",     "JT992 yes", "JT992 no",
                                 "JT992 yes", "JT992 yes", "JT992 unknown", "JT992 unknown"});
}
