// JT109 async-function: a compiled function or method that is an `async def`.
#include <string>

#include "core/rule.h"

namespace jitlint {
namespace {

constexpr RuleMeta kMeta{
    "JT109",
    "async-function",
    "syntax",
    Phase::Frontend,
    FixAvailability::None,
    "TorchScript cannot compile coroutines; make the compiled function a plain `def` (for parallelism use "
    "`torch.jit.fork`/`torch.jit.wait`)",
    "Expected a single top-level function",
    R"doc(## What it does
Finds compiled functions that are coroutines: an `async def forward`, an `async def` method reached from
`forward` or exported, an `async def` decorated with `@torch.jit.script`. `await`, `async for` and `async with`
can only appear inside an `async def`, so the diagnostic on its header covers them.

## Why TorchScript rejects it
TorchScript has no coroutines. To compile a function it re-parses the function's source and expects exactly one
`ast.FunctionDef`; an `async def` parses as `ast.AsyncFunctionDef`, so `torch.jit.frontend.get_jit_def` fails
before the body is looked at, with a message that does not mention `async` at all. (An `async def` nested inside
compiled code is reported by JT106: `async function definitions aren't supported`.)

## The error torch 2.13.0 prints
```
RuntimeError: Expected a single top-level function: /path/to/model.py:12
```

## Example
```python
class Model(nn.Module):
    async def forward(self, x: Tensor) -> Tensor:
        return x * 2
```

## Use instead
```python
class Model(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        return x * 2
```
Keep the asynchronous orchestration (awaiting I/O, request batching) in Python around the compiled model. For
parallel work inside a scripted model use `torch.jit.fork(fn, x)` and `torch.jit.wait(future)`.

## Fix safety
No automatic fix: removing `async` changes how every caller must call the function (no more `await`).
)doc"};


class AsyncFunction final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  Subscriptions subscriptions() const override {
    Subscriptions s;
    s.functions = true;
    return s;
  }
  void check_function(RuleContext& context, const FunctionInfo& function) const override {
    TSNode definition = function.definition;
    if (ts_node_child_count(definition) == 0) return;
    if (std::string_view(ts_node_type(ts_node_child(definition, 0))) != "async") return;
    context.report_range(ts_node_start_byte(definition), header_end(definition),
                         "`async def " + std::string(function.name) +
                             "` is compiled, but TorchScript does not support async functions");
  }
};

}  // namespace

const Rule& async_function_rule() {
  static const AsyncFunction rule;
  return rule;
}

}  // namespace jitlint
