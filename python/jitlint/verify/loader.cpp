// jitlint-loader: load a TorchScript module with LibTorch alone (no Python in this process), run it on
// inputs saved by Python, and save its outputs for Python to compare with eager.
//
//   jitlint-loader MODEL.pt INPUTS.pt OUTPUTS.pt [--bench N]
//   jitlint-loader --batch MODEL.pt INPUTS.pt OUTPUTS.pt [MODEL.pt INPUTS.pt OUTPUTS.pt ...]
//
// I/O contract (checked on torch 2.13.0):
//   MODEL.pt    written by `torch.jit.save(torch.jit.script(m), path)`; read with `torch::jit::load`.
//   INPUTS.pt   written by `torch.save(tuple_of_args, path)` (the default zip format); read with
//               `torch::jit::pickle_load`, which accepts `torch.save` archives. A tuple is unpacked into the
//               positional arguments of `forward`; any other value is passed as the only argument. Plain
//               pickles carry no container element types, so lists and dicts are retyped from `forward`'s
//               schema (see `retype`).
//   OUTPUTS.pt  written with `torch::jit::pickle_save(output)` (a zip archive). Typed lists and dicts in it
//               are pickled through `torch.jit._pickle.build_*list` / `restore_type_tag`, so Python reads it
//               with `torch.load(path, weights_only=True)` inside
//               `torch.serialization.safe_globals([<those torch.jit._pickle functions>])`.
//   --bench N   after the run above, time N more `forward` calls (after a short warm-up) and print one JSON
//               object on stdout: {"runs": N, "median_us": ..., "min_us": ..., "max_us": ...}.
//   --batch     runs every MODEL/INPUTS/OUTPUTS triple in this one process (LibTorch starts once), in order,
//               each as above, and prints one line per case on stdout as soon as it is done:
//               `case <i>: ok` or `case <i>: error: <what>` (i counts from 0). A failing case does not stop the
//               others; exit 0 when every case passed, 1 otherwise. No --bench with --batch.
// Errors: one line `jitlint-loader: error: <what>` on stderr, exit 1. Success: exit 0.
//
// Only <torch/script.h> is included: it is the lightest LibTorch header that has `torch::jit::load`,
// `torch::jit::pickle_load`/`pickle_save` and `torch::NoGradGuard`, which keeps the compile at ~20-40 s.
#include <torch/script.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

// One line: errors are one line on stderr.
constexpr const char* kUsage =
    "usage: jitlint-loader MODEL.pt INPUTS.pt OUTPUTS.pt [--bench N] | --batch (MODEL.pt INPUTS.pt OUTPUTS.pt)...";

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The first non-empty line of an error text: torch messages carry source excerpts and C++ stacks after it.
std::string first_line(const std::string& text) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    auto begin = line.find_first_not_of(" \t\r");
    if (begin != std::string::npos) {
      auto end = line.find_last_not_of(" \t\r");
      return line.substr(begin, end - begin + 1);
    }
  }
  return "unknown error";
}

std::vector<char> read_file(const std::string& path, const char* what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw std::runtime_error(std::string("cannot open ") + what + " '" + path + "'");
  }
  std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) {
    throw std::runtime_error(std::string("cannot read ") + what + " '" + path + "'");
  }
  return bytes;
}

void write_file(const std::string& path, const std::vector<char>& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) {
    throw std::runtime_error("cannot open outputs '" + path + "' for writing");
  }
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) {
    throw std::runtime_error("cannot write outputs '" + path + "'");
  }
}

std::vector<c10::IValue> unpack_inputs(const c10::IValue& value) {
  if (value.isTuple()) {
    const auto& elements = value.toTupleRef().elements();
    return std::vector<c10::IValue>(elements.begin(), elements.end());
  }
  return {value};
}

// `torch.save` writes plain Python pickles, which carry no element types: `pickle_load` turns a list into a
// List[Any] and a dict into a Dict[Any, Any], and `forward` rejects those for a `List[Tensor]` or
// `Dict[str, Tensor]` parameter. Give each container the type `forward`'s schema declares, as a C++ caller
// building a `c10::List<at::Tensor>` would, and turn an int passed for a `float` into a float, as the
// Python binding of a scripted method does.
void retype(c10::IValue& value, const c10::TypePtr& type) {
  if (auto optional = type->cast<c10::OptionalType>()) {
    if (!value.isNone()) {
      retype(value, optional->getElementType());
    }
  } else if (type->kind() == c10::TypeKind::FloatType) {
    if (value.isInt()) {
      value = c10::IValue(static_cast<double>(value.toInt()));
    }
  } else if (auto list_type = type->cast<c10::ListType>()) {
    if (value.isList()) {
      const c10::TypePtr& element_type = list_type->getElementType();
      c10::List<c10::IValue> list = value.toList();
      for (size_t i = 0; i < list.size(); ++i) {
        c10::IValue element = list.get(i);
        retype(element, element_type);
        list.set(i, std::move(element));
      }
      list.unsafeSetElementType(element_type);
    }
  } else if (auto dict_type = type->cast<c10::DictType>()) {
    if (value.isGenericDict()) {
      const c10::TypePtr& value_type = dict_type->getValueType();
      c10::Dict<c10::IValue, c10::IValue> dict = value.toGenericDict();
      for (const auto& entry : dict) {
        c10::IValue element = entry.value();
        retype(element, value_type);
        entry.setValue(std::move(element));
      }
      dict.unsafeSetKeyType(dict_type->getKeyType());
      dict.unsafeSetValueType(value_type);
    }
  } else if (auto tuple_type = type->cast<c10::TupleType>()) {
    if (value.isTuple() && value.toTupleRef().elements().size() == tuple_type->elements().size()) {
      auto& tuple = value.toTupleRef();
      for (size_t i = 0; i < tuple_type->elements().size(); ++i) {
        c10::IValue element = tuple.elements()[i];
        retype(element, tuple_type->elements()[i]);
        tuple.unsafeSetElement(i, std::move(element));
      }
    }
  }
}

void retype_inputs(std::vector<c10::IValue>& inputs, const c10::FunctionSchema& schema) {
  const auto& arguments = schema.arguments();  // arguments[0] is `self`
  for (size_t i = 0; i < inputs.size() && i + 1 < arguments.size(); ++i) {
    retype(inputs[i], arguments[i + 1].type());
  }
}

long parse_runs(const std::string& text) {
  char* end = nullptr;
  long runs = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || runs < 1 || runs > 1000000) {
    throw UsageError("--bench expects a number of runs between 1 and 1000000, got '" + text + "'");
  }
  return runs;
}

// One case: load the inputs and the model, run `forward`, save its outputs, then time it if `bench_runs` > 0.
void run_case(const std::string& model_path, const std::string& inputs_path, const std::string& outputs_path,
              long bench_runs) {
  c10::IValue inputs_value;
  try {
    inputs_value = torch::jit::pickle_load(read_file(inputs_path, "inputs"));
  } catch (const c10::Error& e) {
    throw std::runtime_error("cannot load inputs '" + inputs_path + "': " + first_line(e.what_without_backtrace()));
  }
  std::vector<c10::IValue> inputs = unpack_inputs(inputs_value);

  torch::jit::Module module;
  try {
    module = torch::jit::load(model_path);
  } catch (const c10::Error& e) {
    throw std::runtime_error("cannot load model '" + model_path + "': " + first_line(e.what_without_backtrace()));
  }
  module.eval();
  retype_inputs(inputs, module.get_method("forward").function().getSchema());

  torch::NoGradGuard no_grad;
  c10::IValue output;
  try {
    output = module.forward(inputs);
  } catch (const c10::Error& e) {
    throw std::runtime_error("forward failed: " + first_line(e.what_without_backtrace()));
  }

  std::vector<char> bytes;
  try {
    bytes = torch::jit::pickle_save(output);
  } catch (const c10::Error& e) {
    throw std::runtime_error("cannot serialize outputs: " + first_line(e.what_without_backtrace()));
  }
  write_file(outputs_path, bytes);

  if (bench_runs > 0) {
    using clock = std::chrono::steady_clock;
    // The profiling executor specializes the graph over the first calls; warm up before timing.
    const long warmup = std::min<long>(bench_runs, 3);
    for (long i = 0; i < warmup; ++i) {
      module.forward(inputs);
    }
    std::vector<double> micros;
    micros.reserve(static_cast<size_t>(bench_runs));
    for (long i = 0; i < bench_runs; ++i) {
      auto start = clock::now();
      module.forward(inputs);
      auto stop = clock::now();
      micros.push_back(std::chrono::duration<double, std::micro>(stop - start).count());
    }
    std::sort(micros.begin(), micros.end());
    const size_t n = micros.size();
    const double median = n % 2 ? micros[n / 2] : (micros[n / 2 - 1] + micros[n / 2]) / 2.0;
    std::printf("{\"runs\": %ld, \"median_us\": %.3f, \"min_us\": %.3f, \"max_us\": %.3f}\n", bench_runs, median,
                micros.front(), micros.back());
    std::fflush(stdout);
  }
}

int run(int argc, char** argv) {
  std::vector<std::string> positional;
  long bench_runs = 0;
  bool batch = false;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--batch") {
      batch = true;
    } else if (arg == "--bench") {
      if (i + 1 >= argc) {
        throw UsageError("--bench expects a number of runs");
      }
      bench_runs = parse_runs(argv[++i]);
    } else if (arg.rfind("--bench=", 0) == 0) {
      bench_runs = parse_runs(arg.substr(8));
    } else if (arg == "-h" || arg == "--help") {
      std::cout << kUsage << "\n";
      return 0;
    } else if (arg.size() > 1 && arg[0] == '-') {
      throw UsageError("unknown option '" + arg + "'");
    } else {
      positional.push_back(arg);
    }
  }
  if (batch) {
    if (bench_runs > 0) {
      throw UsageError("--bench cannot be combined with --batch");
    }
    if (positional.empty() || positional.size() % 3 != 0) {
      throw UsageError("--batch expects MODEL.pt INPUTS.pt OUTPUTS.pt triples, got " +
                       std::to_string(positional.size()) + " path(s)");
    }
    bool all_ok = true;
    for (size_t i = 0; i < positional.size(); i += 3) {
      std::string error;
      try {
        run_case(positional[i], positional[i + 1], positional[i + 2], 0);
      } catch (const c10::Error& e) {
        error = first_line(e.what_without_backtrace());
      } catch (const std::exception& e) {
        error = first_line(e.what());
      } catch (...) {
        error = "unknown exception";
      }
      all_ok = all_ok && error.empty();
      std::printf("case %zu: %s%s\n", i / 3, error.empty() ? "ok" : "error: ", error.c_str());
      std::fflush(stdout);  // a case that crashes the process leaves the results before it readable
    }
    return all_ok ? 0 : 1;
  }
  if (positional.size() != 3) {
    throw UsageError(kUsage);
  }
  run_case(positional[0], positional[1], positional[2], bench_runs);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const UsageError& e) {
    std::cerr << "jitlint-loader: error: " << e.what() << "\n";
    return 1;
  } catch (const c10::Error& e) {
    std::cerr << "jitlint-loader: error: " << first_line(e.what_without_backtrace()) << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "jitlint-loader: error: " << first_line(e.what()) << "\n";
    return 1;
  } catch (...) {
    std::cerr << "jitlint-loader: error: unknown exception\n";
    return 1;
  }
}
