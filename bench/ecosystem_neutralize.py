"""Neutralizers of ``ecosystem.py confirm`` (``neutralize-siblings``): one-line edits that remove, from the
statement torch stops at first, the construct of another diagnostic jitlint reports there, so that scripting goes
on to the diagnostic being checked. Each rule's edit keeps the types the rest of the code sees where it can (a
comprehension's ``if`` dropped, ``**kw`` cut, ``axis=`` renamed ``dim=``, a walrus hoisted into a binding one
statement earlier, ...); ``neutralize`` never returns an edit reaching the checked diagnostic's first character.

Edits are ``(line, col, end_col, text)`` in the file's coordinates (UTF-8 byte columns); ``"\0cut"`` removes the
text with one neighbouring comma.
"""

from __future__ import annotations

import ast
import json
import re
from typing import Any, Dict, Iterable, List, Optional, Sequence, Set, Tuple


def statement_span(tree: ast.AST, row: int) -> Tuple[int, int]:
    """Lines of the innermost simple statement (or compound header) holding ``row``."""
    best = (row, row)
    for node in ast.walk(tree):
        if isinstance(node, ast.stmt) and node.lineno <= row <= (node.end_lineno or node.lineno):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                continue
            end = node.end_lineno or node.lineno
            if isinstance(node, (ast.If, ast.For, ast.While, ast.With)):
                body0 = node.body[0].lineno if node.body else end
                if row >= body0:
                    continue
                end = body0 - 1
            if (end - node.lineno) <= (best[1] - best[0]) or best == (row, row):
                best = (node.lineno, end)
    return best


_tree_sources: Dict[int, str] = {}


def remember_source(tree: ast.AST, src: str) -> None:
    """The text ``tree`` was parsed from, for the neutralizers that read it (``src_of``)."""
    _tree_sources[id(tree)] = src


def innermost_function(tree: ast.AST, row: int) -> Optional[ast.AST]:
    """The innermost function (``def``) of ``tree`` holding line ``row``; None at module level."""
    holding = [f for f in ast.walk(tree) if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))
               and f.lineno <= row <= (f.end_lineno or f.lineno)]
    return max(holding, key=lambda f: f.lineno, default=None)


def _matching_paren(line: str, at: int) -> Optional[int]:
    """Index of the ``)`` closing the ``(`` at ``line[at]`` on the same line (strings not considered); else None."""
    if not line[at:at + 1] == "(":
        return None
    depth = 0
    for i in range(at, len(line)):
        depth += {"(": 1, ")": -1}.get(line[i], 0)
        if depth == 0:
            return i
    return None


def src_of(tree: ast.AST) -> str:
    return _tree_sources.get(id(tree), "")


def neutralize(tree: ast.AST, code: str, line: int, done: Sequence[Tuple[int, int, int, str]] = (),
               avoid: Optional[Tuple[int, int, int, int]] = None,
               reported: Sequence[Tuple[str, int, int, int, int, str]] = ()) -> Optional[Tuple[int, int, int, str]]:
    """An edit (not in ``done``) removing what rule ``code`` rejects in the statement torch points at (``line``: a
    simple statement, or a compound statement's header), a sibling diagnostic's construct. Never an edit touching
    ``avoid`` (the checked diagnostic's rows and columns, which may share the statement). ``reported``: jitlint's
    diagnostics of the file as (code, row, col, end_row, end_col, message), for rules whose construct only jitlint can
    place (JT601's Optional value)."""
    lo, hi = statement_span(tree, line)
    for edit in _neutralize_candidates(tree, code, lo, hi, reported):
        if edit in done or (avoid is not None and edit_touches(edit, avoid)):
            continue
        if avoid is not None and edit[0] == 0 and _names_checked(tree, edit[3].split(":", 1)[0].strip(), avoid):
            continue  # a parameter's annotation, and the checked diagnostic reads that parameter: it would go too
        if any(d[0] == edit[0] and d[1] < edit[2] and edit[1] < d[2] and not edit_within(d, edit) for d in done):
            continue  # overlaps an edit already made on that line (one it covers whole, it replaces)
        return _keeping_inner(tree, edit, done)
    return None


def _keeping_inner(tree: ast.AST, edit: Tuple[int, int, int, str],
                   done: Sequence[Tuple[int, int, int, str]]) -> Tuple[int, int, int, str]:
    """``edit`` replaces the edits already made inside its range; when its text wraps the original one
    (`enumerate(xs.tolist())` -> `list(enumerate(xs.tolist()))`), the wrapped text keeps them
    (`list(enumerate(torch.jit.annotate(list[int], xs.tolist())))`)."""
    row, col, end, text = edit
    inner = sorted((d for d in done if d[0] == row and edit_within(d, edit) and d[1:3] != (col, end)
                    and not d[3].startswith(MULTI)), key=lambda d: d[1], reverse=True)
    if not inner:
        return edit
    line_b = src_of(tree).splitlines()[row - 1].encode()
    original = line_b[col:end].decode()
    if text.count(original) != 1:
        return edit
    edited = line_b[col:end]
    for _, c0, c1, t in inner:
        edited = edited[:c0 - col] + (b"" if t == "\0cut" else t.encode()) + edited[c1 - col:]
    return (row, col, end, text.replace(original, edited.decode()))


MULTI = "\0multi"  # an edit's text: the one-line edits of a range over several lines, as JSON, after this tag


def multi_line_edit(lines: Sequence[str], row: int, col: int, end_row: int, end_col: int,
                    text: str) -> Tuple[int, int, int, str]:
    """One edit replacing the range from (row, col) to (end_row, end_col) (byte columns) by ``text``, written on the
    first line; the lines after it keep their place, emptied up to the range's end (line numbers do not move).
    ``expand_edits`` turns it into one-line edits."""
    if row == end_row:  # one line: a plain edit
        return (row, col, end_col, text)
    first = len(lines[row - 1].encode())
    parts = [(row, col, first, text)] + [(r, 0, len(lines[r - 1].encode()), "") for r in range(row + 1, end_row)]
    parts.append((end_row, 0, end_col, ""))
    return (row, col, first, MULTI + json.dumps(parts))


def expand_edits(edits: Iterable[Tuple[int, int, int, str]]) -> List[Tuple[int, int, int, str]]:
    """The one-line edits of ``edits``, a multi-line edit (``multi_line_edit``) as its parts."""
    out: List[Tuple[int, int, int, str]] = []
    for edit in edits:
        if isinstance(edit[3], str) and edit[3].startswith(MULTI):
            out.extend(tuple(part) for part in json.loads(edit[3][len(MULTI):]))
        else:
            out.append(edit)
    return out


def edit_within(inner: Tuple[int, int, int, str], outer: Tuple[int, int, int, str]) -> bool:
    """One-line edit ``inner`` lies inside ``outer``'s range (``outer`` replaces that text, ``inner`` with it). Line 0
    holds no text: its entries annotate parameters (``(0, 0, 0, "eps: float")``), each its own."""
    return inner[0] == outer[0] != 0 and outer[1] <= inner[1] and inner[2] <= outer[2]


def _names_checked(tree: ast.AST, name: str, diag: Tuple[int, int, int, int]) -> bool:
    """Whether the checked diagnostic's range starts with a read of ``name`` (PVT's JT612 at line 151, beside the
    sibling at line 150 about the same parameter)."""
    line_b = src_of(tree).splitlines()[diag[0] - 1].encode()
    start = line_b[diag[1]:]
    return start.startswith(name.encode()) and not start[len(name):len(name) + 1].decode().isidentifier()


def edit_touches(edit: Tuple[int, int, int, str], diag: Tuple[int, int, int, int]) -> bool:
    """Whether a one-line edit ``(line, col, end_col, text)`` reaches the diagnostic's first character (rows 1-based,
    cols 0-based): the checked construct starts there. An edit elsewhere inside a long range (a generator's `if`
    inside the `max(..., default=...)` call JT503 reports) removes another rule's construct, not this one's."""
    line, col, end, _ = edit
    row, c0 = diag[0], diag[1]
    return line == row and col <= c0 <= end


def _neutralize_candidates(tree: ast.AST, code: str, lo: int, hi: int,
                           reported: Sequence[Tuple[str, int, int, int, int, str]]) -> Iterable[Tuple[int, int, int, str]]:
    def inside(node: ast.AST) -> bool:  # a one-line node within the masking statement's lines
        ln = getattr(node, "lineno", None)
        return ln is not None and lo <= ln <= hi and getattr(node, "end_lineno", None) == ln

    def inside_any(node: ast.AST, row: int) -> bool:  # a node (of any lines) holding line ``row``
        return getattr(node, "lineno", row + 1) <= row <= (getattr(node, "end_lineno", None) or -1)

    if code == "JT601":
        # `x.size()` on an Optional local -> `torch.jit._unwrap_optional(x).size()` (a TorchScript builtin); the
        # message names the local (`x` is `Optional[Tensor]` ...), the range may be `x.size` or a call taking `x`
        for c, row, col, end_row, end_col, message in reported:
            named = re.match(r"`(\w+)`", message)
            if c != code or not named or not lo <= row <= hi:
                continue
            for node in ast.walk(tree):
                if isinstance(node, ast.Name) and node.id == named.group(1) and (row, col) <= (
                        node.lineno, node.col_offset) and (node.end_lineno, node.end_col_offset) <= (end_row, end_col) \
                        and node.lineno == node.end_lineno:
                    yield (node.lineno, node.col_offset, node.end_col_offset, f"torch.jit._unwrap_optional({node.id})")
                    break
    if code == "JT901":
        # `is_kernels_available()`, a cached helper torch leaves as a Python call -> `False` (what such a test gives
        # where the optional package is missing)
        starts = {(row, col) for c, row, col, _, _, _ in reported if c == code and lo <= row <= hi}
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and inside(node) and (node.func.lineno, node.func.col_offset) in starts:
                yield (node.lineno, node.col_offset, node.end_col_offset, "False")
    if code == "JT406":
        # `n == self.cached_len` on a NoneType attribute -> `False`; `x * self.scale` -> `x * 1`
        starts = {(row, col) for c, row, col, _, _, _ in reported if c == code and lo <= row <= hi}
        for node in ast.walk(tree):
            if not inside(node):
                continue
            if isinstance(node, ast.Compare) and any((e.lineno, e.col_offset) in starts
                                                     for e in [node.left, *node.comparators]):
                yield (node.lineno, node.col_offset, node.end_col_offset, "False")
            if isinstance(node, ast.BinOp):
                for e in (node.left, node.right):
                    if (e.lineno, e.col_offset) in starts:
                        yield (e.lineno, e.col_offset, e.end_col_offset, "1")
    if code == "JT510":
        # a keyword argument the op's schema does not take, where jitlint reports one: the numpy spelling renamed
        # (`axis=` -> `dim=`, `keepdims=` -> `keepdim=`, as its message says), `nonzero(x, as_tuple=True)` ->
        # `nonzero(x).unbind(1)` (a list of index tensors: it indexes and unpacks as the tuple does), else dropped
        lines_ = src_of(tree).splitlines()
        for c, row, col, _, _, message in reported:
            named = re.search(r"takes no keyword argument `(\w+)`", message)
            if c != code or not named or not lo <= row <= hi:
                continue
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call) or not inside_any(node, row):
                    continue
                kw = next((k for k in node.keywords if k.arg == named.group(1) and k.lineno == row
                           and k.col_offset == col and k.end_lineno == row), None)
                if kw is None:
                    continue
                renamed = re.search(r"its schema calls it `(\w+)`", message)
                func = node.func
                op = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
                if renamed:
                    yield (row, kw.col_offset, kw.col_offset + len(kw.arg or ""), renamed.group(1))
                elif kw.arg == "as_tuple" and op == "nonzero" and isinstance(kw.value, ast.Constant) \
                        and kw.value.value is True and node.end_lineno == row:
                    line_b = lines_[row - 1].encode()
                    if line_b[kw.end_col_offset:node.end_col_offset].replace(b",", b"").strip() != b")":
                        continue  # another argument after it
                    before = max((a for a in [*node.args, *node.keywords] if a is not kw
                                  and (a.end_lineno, a.end_col_offset) <= (kw.lineno, kw.col_offset)),
                                 key=lambda a: (a.end_lineno, a.end_col_offset), default=None)
                    start = before.end_col_offset if before is not None and before.end_lineno == row \
                        else kw.col_offset
                    yield (row, start, node.end_col_offset, ").unbind(1)")
                else:
                    yield (row, kw.col_offset, kw.end_col_offset, "\0cut")
                break
    def one_line_reports(pattern: str) -> Iterable[Tuple[int, int, int, bytes, Any]]:
        """This rule's diagnostics on one line of the statement whose message matches ``pattern``: (row, col, end_col,
        the line's bytes, the match)."""
        lines_ = src_of(tree).splitlines()
        for c, row, col, end_row, end_col, message in reported:
            found = re.search(pattern, message)
            if c == code and found and row == end_row and lo <= row <= hi:
                yield row, col, end_col, lines_[row - 1].encode(), found

    if code == "JT506":
        # `mask.bool()` / `x.bfloat16()` where jitlint reports the method: `mask.to(torch.bool)`
        for row, col, end_col, line_b, method in one_line_reports(r"^`[^`]*\.(bool|bfloat16)` is not supported"):
            name = "." + method.group(1)
            if line_b[end_col - len(name):end_col].decode() == name and line_b[end_col:end_col + 2] == b"()":
                yield (row, end_col - len(name), end_col + 2, f".to(torch.{method.group(1)})")
        # `target.new(n, 1)` (sizes: RAG's `get_nll`) -> `target.new_empty([n, 1])`
        for row, col, end_col, line_b, _ in one_line_reports(r"^`[^`]*\.new` is not supported"):
            line_s = line_b.decode()
            close = _matching_paren(line_s, len(line_b[:end_col].decode()))
            if close is not None and line_b[end_col - 4:end_col] == b".new" and close > end_col + 1:
                args = line_s[len(line_b[:end_col].decode()) + 1:close]
                yield (row, end_col - 4, len(line_s[:close + 1].encode()), f".new_empty([{args}])")
        # `torch.finfo(dtype).min` (no TorchScript operator) -> a float constant of the same sign and scale
        rows = {row for c, row, _, _, _, message in reported if c == code and "finfo" in message and lo <= row <= hi}
        constants = {"min": "-3.0e38", "max": "3.0e38", "eps": "1.0e-6", "tiny": "1.0e-38",
                     "smallest_normal": "1.0e-38", "resolution": "1.0e-6"}
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in constants and node.lineno in rows and inside(node) \
                    and isinstance(node.value, ast.Call) and isinstance(node.value.func, ast.Attribute) \
                    and node.value.func.attr == "finfo":
                yield (node.lineno, node.col_offset, node.end_col_offset, constants[node.attr])
    if code == "JT506":
        # `lengths.tolist()` without a type hint -> `torch.jit.annotate(list[int], lengths.tolist())` (lengths, grid
        # sizes and token ids: the lists the models index and count with)
        for row, col, end_col, line_b, _ in one_line_reports(r"\.tolist\(\)` needs a type hint"):
            call = line_b[col:end_col].decode()
            if call.endswith(".tolist()"):
                yield (row, col, end_col, f"torch.jit.annotate(list[int], {call})")
    if code == "JT306":
        # `isinstance(x, (torch.Tensor, np.ndarray))` -> `(torch.Tensor, tuple)`: a type TorchScript resolves, and
        # false for a Tensor as the NumPy type is in eager
        for row, col, end_col, _, _ in one_line_reports(r"in `isinstance` is not a type TorchScript knows"):
            yield (row, col, end_col, "tuple")
        # a bare `dict` annotation (the SAM 2 video sessions' `inputs: dict`) -> `dict[str, torch.Tensor]`, a type
        # torch resolves wherever it reads it (in a TorchScript class too)
        for row, col, end_col, line_b, _ in one_line_reports(r"^`dict` is not a type TorchScript knows"):
            if line_b[col:end_col] == b"dict":
                yield (row, col, end_col, "dict[str, torch.Tensor]")
    if code == "JT616":
        # a Union device or dtype given to a torch op (`video.to(video_storage_device, dtype=dtype)`): a value of the
        # one type the schema takes, `torch.device("cpu")` or `torch.float32` (what the defaults mean)
        for row, col, end_col, line_b, found in one_line_reports(
                r"^`(\w+)` is annotated `([^`]+)`, a Union .* it cannot be passed (as `(device|dtype)=` )?to `"):
            name, annotation, keyword = found.group(1), found.group(2), found.group(4)
            kind = keyword or ("dtype" if "dtype" in annotation else "device" if "device" in annotation else None)
            if kind and line_b[col:end_col].decode() == name:
                yield (row, col, end_col, 'torch.device("cpu")' if kind == "device" else "torch.float32")
    if code == "JT612":
        # `past_key_values.get_seq_length()` on a parameter annotated Tensor -> `0` (what a call without a cache sees)
        for row, col, end_col, line_b, _ in one_line_reports(r"has no attribute or method `get_seq_length`"):
            if line_b[end_col:end_col + 2] == b"()":
                yield (row, col, end_col + 2, "0")
        # `hidden_states.size()` on a parameter annotated `int` (PVT's, where callers pass a Tensor): annotated as
        # the Tensor it holds, a ``(0, 0, 0, "name: type")`` entry as for JT305
        for c, row, _, _, _, message in reported:
            found = re.match(r"`(\w+)` is annotated `([^`]+)`, and an? (int|float|bool) has no attribute", message)
            if c == code and found and lo <= row <= hi:
                yield (0, 0, 0, f"{found.group(1)}: " + re.sub(r"\b(int|float|bool)\b", "torch.Tensor", found.group(2)))
        # where the checked diagnostic reads that parameter too (PVT's `hidden_states.view` below the sibling
        # `hidden_states.size()`), only the sibling's receiver: `torch.zeros(1).size()`
        for row, col, end_col, line_b, found in one_line_reports(
                r"^`(\w+)` is annotated `[^`]+`, and an? (?:int|float|bool) has no attribute"):
            name = found.group(1)
            if line_b[col:col + len(name)].decode() == name:
                yield (row, col, col + len(name), "torch.zeros(1)")
    if code == "JT602":
        # `x if output_attentions else y` with `output_attentions: Optional[bool]`: the read becomes the refined test
        # JT602's fix writes, `(v is not None and v)` (a bool TorchScript does not decide while compiling: a literal
        # `True` would leave one branch and hide what the two branches disagree on)
        for row, col, end_col, line_b, _ in one_line_reports(r"Optional\[bool\]"):
            name = line_b[col:end_col].decode()
            if name.isidentifier():
                yield (row, col, end_col, f"({name} is not None and {name})")
    if code == "JT502":
        # `iter(xs)` -> `xs` (a Tensor or list iterates as the iterator would), `callable(f)` -> `True`
        for row, col, end_col, line_b, builtin in one_line_reports(r"^`(iter|callable)` is a Python builtin"):
            call = line_b[col:end_col].decode()
            if builtin.group(1) == "callable":
                yield (row, col, end_col, "True")
            elif call.startswith("iter(") and call.endswith(")") and "," not in call:
                yield (row, col, end_col, call[len("iter("):-1])
    if code == "JT502":
        # `isinstance(mask, dict)` -> `False`: what TorchScript decides for a value of one of its own types (a Tensor,
        # an Optional), where it drops the branch as it does for any `isinstance` it can answer
        rows = {row for row, _, _, _, _ in one_line_reports(r"^`isinstance\(\.\.\., (dict|set|frozenset)\)`")}
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "isinstance" \
                    and node.lineno in rows and node.lineno == node.end_lineno and len(node.args) == 2 \
                    and isinstance(node.args[1], ast.Name) and node.args[1].id in ("dict", "set", "frozenset"):
                yield (node.lineno, node.col_offset, node.end_col_offset, "False")
    if code == "JT205":
        # `continue` / `break` in a loop TorchScript unrolls -> `pass`: the iteration goes on (what the loop does
        # with the modules is unchanged; only leaving it early is gone)
        for row, col, end_col, line_b, _ in one_line_reports(r"^`(break|continue)` in a loop over"):
            yield (row, col, end_col, "pass")
    if code == "JT613":
        # `all_hidden_states = all_hidden_states + (h,)` / `feature_maps += (x,)` -> `pass`: the tuple keeps the type
        # it starts with (what the statements after it read of it is another rule's business)
        for row, col, end_col, line_b, _ in one_line_reports(r"^`\w+` is a tuple grown by concatenation"):
            yield (row, col, end_col, "pass")
    if code == "JT516":
        # `itertools.groupby(enumerate(xs), ...)`, `k in range(n)` -> `list(enumerate(xs))`, `list(range(n))`: a
        # value of the type TorchScript gives the loop over it (what `list(...)` compiles to)
        for row, col, end_col, line_b, _ in one_line_reports(r"^`(zip|enumerate|range)\(\.\.\.\)` is used as a value"):
            yield (row, col, end_col, "list(%s)" % line_b[col:end_col].decode())
    if code == "JT504":
        # `.to(dtype=bool)` -> `.to(dtype=torch.bool)`: the dtype eager reads a Python type as (`float` is float64)
        dtypes = {"bool": "torch.bool", "int": "torch.int64", "float": "torch.float64", "complex": "torch.complex128"}
        for row, col, end_col, line_b, builtin in one_line_reports(r"^The builtin `(\w+)` is used as a value"):
            if line_b[col:end_col].decode() == builtin.group(1) in dtypes \
                    and re.search(rb"dtype\s*=\s*$", line_b[:col]):
                yield (row, col, end_col, dtypes[builtin.group(1)])
    if code == "JT513":
        # an argument whose type fits no schema, where jitlint reports one (its range is the argument): converted to
        # what the message says the schema takes (`seq_len` -> `torch.tensor(seq_len)`, `0` -> `float(0)`)
        for row, col, end_col, line_b, wanted in one_line_reports(r"takes (a Tensor|a float)(?: or None)? as "):
            arg = line_b[col:end_col].decode()
            yield (row, col, end_col, ("torch.tensor(%s)" if wanted.group(1) == "a Tensor" else "float(%s)") % arg)
        # an argument left out that no overload defaults (`x.norm(dim=-1)` needs `p`; the range is the callee): given
        # as None, which the Optional argument of `norm`'s overloads takes
        for row, col, end_col, line_b, missing in one_line_reports(r"each also needs `(\w+)`"):
            for node in ast.walk(tree):
                if isinstance(node, ast.Call) and node.lineno == row == node.end_lineno \
                        and (node.func.col_offset, node.func.end_col_offset) == (col, end_col) and node.keywords:
                    at = node.keywords[0].value
                    start = at.col_offset - len(node.keywords[0].arg or "") - 1
                    yield (row, start, start, f"{missing.group(1)}=None, ")
        # a tuple display holding a Tensor where the op takes a list of ints (Swin's `F.pad(hidden_states,
        # pad_values)`, its pads computed from an unannotated `width`): as many zeros
        for row, col, end_col, line_b, found in one_line_reports(
                r"takes a list of ints as .*, not a `(?:Tuple|List)\[([^`]*)\]`, which holds a Tensor"):
            yield (row, col, end_col, f"[0] * {len(found.group(1).split(','))}")
        # keywords no overload takes together (`torch.min(w, dim=1, out=None)`): a `=None` one of them cut
        for row, col, end_col, line_b, _ in one_line_reports(r"takes `\w+=`.* together"):
            for node in ast.walk(tree):
                if isinstance(node, ast.Call) and node.lineno == row and \
                        (node.func.col_offset, node.func.end_col_offset) == (col, end_col):
                    for kw in node.keywords:
                        if kw.arg and isinstance(kw.value, ast.Constant) and kw.value.value is None \
                                and kw.lineno == kw.end_lineno:
                            yield (kw.lineno, kw.col_offset, kw.end_col_offset, "\0cut")
    if code == "JT505":
        # `logger.warning_once(msg, ...)` -> `print(msg, ...)` (TorchScript's print takes any positional arguments);
        # `warnings.warn(msg, FutureWarning)` -> `warnings.warn(msg)`
        for row, col, end_col, line_b, _ in one_line_reports(r"^`[\w.]+` \(logging\) cannot be compiled"):
            yield (row, col, end_col, "print")
        # `np.random.rand(1)` -> `torch.rand(1)`: the torch function of the same name and result type
        for row, col, end_col, line_b, called in one_line_reports(r"^`(?:np|numpy)\.([\w.]+)` \(numpy\)"):
            if called.group(1) in _TORCH_OF_NUMPY and line_b[end_col:end_col + 1] == b"(":
                yield (row, col, end_col, "torch." + _TORCH_OF_NUMPY[called.group(1)])
            # `np.sqrt(x.shape[1])` -> `math.sqrt(...)`: a scalar function of a size (an int), where the file
            # imports `math`
            elif called.group(1) in _MATH_OF_NUMPY and _imports_math(tree) \
                    and re.match(rb"\((?:[\w.]+\.shape\[|[\w.]+\.size\(|len\(|int\(|float\()", line_b[end_col:]):
                yield (row, col, end_col, "math." + called.group(1))
        # `math.log2(n)` -> `math.log(n)`: a float from a number, as before (XCodec's bandwidth per quantizer)
        for row, col, end_col, line_b, _ in one_line_reports(r"^`math\.log2` is not one of the `math` functions"):
            if line_b[col:end_col] == b"math.log2":
                yield (row, col, end_col, "math.log")
        # `random.uniform(0, 1)` / `random.random()` -> `0.5`, `random.randint(a, b)` -> `0`: a number of the type the
        # call returns (LayerDrop's `dropout_probability = random.uniform(0, 1)`)
        for row, col, end_col, line_b, called in one_line_reports(r"^`random\.(uniform|random|randint)` \(random\)"):
            for node in ast.walk(tree):
                if isinstance(node, ast.Call) and node.lineno == row == node.end_lineno \
                        and (node.func.col_offset, node.func.end_col_offset) == (col, end_col):
                    yield (row, col, node.end_col_offset, "0" if called.group(1) == "randint" else "0.5")
        for row, col, end_col, line_b, _ in one_line_reports(r"^`warnings\.warn` with a (category|source)"):
            start = col
            head = line_b[:col].rstrip()
            if head.endswith(b"="):  # `category=FutureWarning`: the keyword goes too
                start = len(head.rstrip(b"=").rstrip().rstrip(b"_abcdefghijklmnopqrstuvwxyz"))
            yield (row, start, end_col, "\0cut")
    if code == "JT511":
        # `len(_PRIMES)` with `_PRIMES = [31, 43, ...]` at module level (a Python list TorchScript cannot take as a
        # global): the read becomes the literal itself, which compiles to the same `List[int]`
        literals: Dict[str, str] = {}
        for stmt in getattr(tree, "body", []):
            if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name) \
                    and isinstance(stmt.value, (ast.List, ast.Tuple, ast.Dict)) \
                    and stmt.value.lineno == stmt.value.end_lineno:
                try:
                    ast.literal_eval(stmt.value)
                except ValueError:
                    continue
                segment = ast.get_source_segment(src_of(tree), stmt.value)
                if segment:
                    literals[stmt.targets[0].id] = segment
        for row, col, end_col, line_b, named in one_line_reports(r"^`(\w+)` is a module-level (list|tuple|dict)"):
            if line_b[col:end_col].decode() == named.group(1) and named.group(1) in literals:
                yield (row, col, end_col, literals[named.group(1)])
        # `ALL_ATTENTION_FUNCTIONS.get_interface(impl, eager_attention_forward)` (an object TorchScript cannot read)
        # -> its last positional argument, the function it falls back to (TorchScript calls a function held by a local)
        rows = {row: col for c, row, col, _, _, message in reported
                if c == code and "module-level object of class" in message and lo <= row <= hi}
        lines_ = src_of(tree).splitlines()
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and isinstance(node.func.value, ast.Name) and rows.get(node.lineno) == node.col_offset \
                    and node.args and isinstance(node.args[-1], ast.Name) \
                    and lines_[node.lineno - 1].encode()[node.func.end_col_offset:node.func.end_col_offset + 1] == b"(":
                # the whole call -> `fallback`, a plain assignment of the function (TorchScript refuses a function
                # as the value of an `if` expression); a call over several lines is one multi-line edit
                fallback = node.args[-1].id
                if node.end_lineno == node.lineno:
                    yield (node.lineno, node.col_offset, node.end_col_offset, fallback)
                else:
                    yield multi_line_edit(lines_, node.lineno, node.col_offset, node.end_lineno, node.end_col_offset,
                                          fallback)
    if code == "JT113":
        # a bare `raise` -> `raise RuntimeError()` (an exception TorchScript raises)
        for c, row, col, end_row, end_col, message in reported:
            line_b = src_of(tree).splitlines()[row - 1].encode() if c == code and lo <= row <= hi else b""
            if line_b[col:end_col] == b"raise" and not line_b[end_col:].strip():
                yield (row, col, end_col, "raise RuntimeError()")
    if code == "JT121":
        # `yield (a, i)` -> `(a, i)` (an expression statement; a bare `yield` -> `pass`)
        for c, row, col, end_row, end_col, message in reported:
            line_b = src_of(tree).splitlines()[row - 1].encode() if c == code and lo <= row <= hi else b""
            if line_b[col:col + 6] == b"yield " and not line_b[:col].strip():
                yield (row, col, col + 6, "\0cut")
            elif line_b[col:].rstrip() == b"yield":
                yield (row, col, col + 5, "pass")
    if code == "JT203":
        # `layer(x)` on a module TorchScript sees as a plain object (a slice's element) -> `layer.forward(x)`, JT203's
        # own fix (the call's range starts at the callee, which may span lines)
        starts = {(row, col) for c, row, col, _, _, _ in reported if c == code and lo <= row <= hi}
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and (node.lineno, node.col_offset) in starts \
                    and isinstance(node.func, (ast.Name, ast.Attribute)) and node.func.end_lineno is not None:
                at = node.func.end_col_offset
                yield (node.func.end_lineno, at, at, ".forward")
    if code == "JT503":
        # an argument TorchScript's builtin does not take (`max(xs, default=None)`, `round(v, 7)`, `sum(xs, [])`): cut;
        # what the call returns keeps its type
        for row, col, end_col, line_b, _ in one_line_reports(r"^TorchScript's `\w+` does not accept the `\w+` argument"):
            yield (row, col, end_col, "\0cut")
    if code == "JT402":
        # `self.q_layernorm(x)` on an attribute the instance lacks (assigned on another path of `__init__`) -> `x`: a
        # module called on one value, as if that path's module were the identity
        starts = {(row, col, end_col) for c, row, col, end_row, end_col, _ in reported
                  if c == code and row == end_row and lo <= row <= hi}
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and inside(node) and len(node.args) == 1 and not node.keywords \
                    and not isinstance(node.args[0], ast.Starred) \
                    and (node.func.lineno, node.func.col_offset, node.func.end_col_offset) in starts:
                arg = node.args[0]
                text = src_of(tree).splitlines()[node.lineno - 1].encode()[arg.col_offset:arg.end_col_offset].decode()
                yield (node.lineno, node.col_offset, node.end_col_offset, text)
        # `h = self.linear_attn(hidden_states=h, cache_params=..., **kwargs)` over several lines (Qwen3.5's token
        # mixer, one of two attributes each assigned on one path) -> `h = h`: the first argument, a name; with
        # `h, _ = self.self_attn(...)` a tuple of it as long as the target (what `_` gets is never read)
        firsts = {(row, col) for c, row, col, end_row, end_col, _ in reported if c == code and lo <= row <= hi}
        lines_ = src_of(tree).splitlines()
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.value, ast.Call)
                    and lo <= node.lineno <= hi):
                continue
            target, call = node.targets[0], node.value
            if isinstance(target, ast.Tuple):
                rest = target.elts[1:]
                if not rest or not all(isinstance(e, ast.Name) and e.id == "_" for e in rest):
                    continue
            elif not isinstance(target, ast.Name):
                continue
            if (call.func.lineno, call.func.col_offset) not in firsts:
                continue
            first = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg), None)
            if not isinstance(first, ast.Name):
                continue
            text = first.id if isinstance(target, ast.Name) else "(" + ", ".join([first.id] * len(target.elts)) + ")"
            yield multi_line_edit(lines_, call.lineno, call.col_offset, call.end_lineno, call.end_col_offset, text)
    if code == "JT305":
        # an unannotated parameter (a Tensor to TorchScript) used as another type: annotated with the type its use
        # needs, as a ``(0, 0, 0, "name: type")`` entry (``patched_function`` annotates the parameter)
        for c, row, _, _, _, message in reported:
            found = re.match(r"Parameter `(\w+)` has no annotation, so TorchScript types it `Tensor`, but it is used as "
                             r"(.*)", message)
            if c != code or not found or not lo <= row <= hi:
                continue
            use = found.group(2)
            annotation = next((t for pattern, t in _PARAMETER_TYPE_OF_USE if re.search(pattern, use)), None)
            if use == "a tuple":
                # ViTDet's `queries_height, queries_width = q_size`: a tuple of as many ints as the unpacking names
                # (sizes, as in the models that write this)
                widths = {len(a.targets[0].elts) for a in ast.walk(tree) if isinstance(a, ast.Assign)
                          and len(a.targets) == 1 and isinstance(a.targets[0], ast.Tuple)
                          and getattr(a.value, "id", None) == found.group(1) and lo <= a.lineno <= hi}
                if len(widths) == 1:
                    annotation = "tuple[" + ", ".join(["int"] * widths.pop()) + "]"
            if annotation is not None:
                yield (0, 0, 0, f"{found.group(1)}: {annotation}")
    if code == "JT513":
        # `self.c_attn(hidden_states)` with `hidden_states` a tuple (or a number) where the submodule takes a Tensor:
        # its first element (`hidden_states[0]`, through `_unwrap_optional` when Optional), or the number as a Tensor
        for c, row, col, end_row, end_col, message in reported:
            found = re.search(r"takes a Tensor, but `[^`]+` is a `(Optional\[)?(Tuple|List|int|float|bool)\b", message)
            if c != code or not found or row != end_row or not lo <= row <= hi:
                continue
            value = src_of(tree).splitlines()[row - 1].encode()[col:end_col].decode()
            if found.group(2) in ("Tuple", "List"):
                value = f"torch.jit._unwrap_optional({value})" if found.group(1) else f"({value})"
                yield (row, col, end_col, value + "[0]")
            elif not found.group(1):
                yield (row, col, end_col, f"torch.tensor({value})")
        # `self.create_position_ids(input_ids, self.padding_idx)` with a number for a parameter TorchScript types
        # Tensor: the number as a Tensor
        for c, row, col, end_row, end_col, message in reported:
            found = re.search(r"is an? `(int|float|bool)`, but parameter `\w+` of `[^`]+` (has no annotation|is "
                              r"annotated `Tensor`)", message)
            if c != code or not found or row != end_row or not lo <= row <= hi:
                continue
            value = src_of(tree).splitlines()[row - 1].encode()[col:end_col].decode()
            yield (row, col, end_col, f"torch.tensor({value})")
    if code == "JT611":
        # `(out, probs) if output_attentions else (out,)`: branches TorchScript cannot give one type -> the true one
        starts = {(row, col) for c, row, col, end_row, _, _ in reported
                  if c == code and row == end_row and lo <= row <= hi}
        for node in ast.walk(tree):
            if isinstance(node, ast.IfExp) and inside(node) and (node.lineno, node.col_offset) in starts:
                line_b = src_of(tree).splitlines()[node.lineno - 1].encode()
                body = line_b[node.body.col_offset:node.body.end_col_offset].decode()
                yield (node.lineno, node.col_offset, node.end_col_offset, body)
    if code == "JT614":
        # `proj_feats = [...]` in one block, `proj_feats = inputs_embeds` in the other (RT-DETR): the plain value as a
        # list of itself, `[torch.jit._unwrap_optional(inputs_embeds)]`, which unifies with the other block's list (the
        # masking statement is the `if`, whose header alone is `lo`..`hi`: the edit is in its block)
        for c, row, col, _, _, message in reported:
            found = re.match(r"`(\w+)` is (.+) in the `if` block and (.+) in the `else` block", message)
            if c != code or not found or not lo <= row <= hi \
                    or found.group(2).startswith("a list") == found.group(3).startswith("a list"):
                continue
            for node in ast.walk(tree):
                if not (isinstance(node, ast.If) and (node.test.lineno, node.test.col_offset) == (row, col)):
                    continue
                plain = node.orelse if found.group(2).startswith("a list") else node.body
                for st in plain:
                    if isinstance(st, ast.Assign) and len(st.targets) == 1 and isinstance(st.targets[0], ast.Name) \
                            and st.targets[0].id == found.group(1) and st.value.lineno == st.value.end_lineno:
                        value = src_of(tree).splitlines()[st.value.lineno - 1].encode()[
                            st.value.col_offset:st.value.end_col_offset].decode()
                        yield (st.value.lineno, st.value.col_offset, st.value.end_col_offset,
                               f"[torch.jit._unwrap_optional({value})]")
    if code == "JT609":
        # `for height, width in shapes` with `shapes: list[tuple]`: the parameter annotated with as many ints as the
        # loop unpacks (`list[tuple[int, int]]`; spatial shapes, as in the models that write this)
        for c, row, col, _, _, message in reported:
            found = re.match(r"`(\w+)` is annotated `([^`]+)`, a tuple without element types", message)
            if c != code or not found or not lo <= row <= hi:
                continue
            for node in ast.walk(tree):
                loop = isinstance(node, (ast.For, ast.comprehension))
                value = node.iter if loop else getattr(node, "value", None)
                target = node.target if loop else (node.targets[0] if isinstance(node, ast.Assign) else None)
                if isinstance(value, ast.Name) and (value.lineno, value.col_offset) == (row, col) \
                        and isinstance(target, ast.Tuple):
                    ints = "tuple[" + ", ".join(["int"] * len(target.elts)) + "]"
                    yield (0, 0, 0, f"{found.group(1)}: {f'list[{ints}]' if loop else ints}")
                    break
    if code in ("JT603", "JT605"):
        # a local bound to None (JT603) or to an empty list (JT605) before, given another type in the statement torch
        # points at: its binding annotated with the type the message names, as JT603's and JT605's fixes write it
        # (`prev: torch.Tensor | None = None`, `sizes: list[int] = []`)
        yield from _annotated_binding(tree, code, lo, hi, reported)
    if code == "JT603":
        # LXMERT's `all_attentions = (a, b, c)` in a branch after `all_attentions = ()`: a tuple of another length,
        # or FastSpeech2's `attn_weights = None` after a Tensor -> `pass` (the statement, over its lines): the
        # variable keeps the type it had before the block
        lines_ = src_of(tree).splitlines()
        for c, row, col, _, _, message in reported:
            if c != code or not lo <= row <= hi or not re.match(
                    r"`\w+` has type (Tuple\[[^`]*\] before this block and is assigned (a tuple of|a value of type "
                    r"Tuple\[)|\w+ before this block and is assigned a value of type None here)", message):
                continue
            for node in ast.walk(tree):
                if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) \
                        and (node.targets[0].lineno, node.targets[0].col_offset) == (row, col):
                    yield multi_line_edit(lines_, node.lineno, node.col_offset, node.end_lineno or node.lineno,
                                          node.end_col_offset or 0, "pass")
        # the wav2vec2 family's `skip_the_layer = dropout_probability < layerdrop` after `skip_the_layer = False`: the
        # Tensor made a bool, the type the variable had (`bool(...)` of a one-element Tensor)
        for c, row, col, _, _, message in reported:
            if c != code or not lo <= row <= hi or not re.match(
                    r"`\w+` has type bool before this block and is assigned a value of type Tensor here", message):
                continue
            for node in ast.walk(tree):
                if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) \
                        and (node.targets[0].lineno, node.targets[0].col_offset) == (row, col) \
                        and node.value.lineno == node.value.end_lineno:
                    value = lines_[node.value.lineno - 1].encode()[node.value.col_offset:node.value.end_col_offset]
                    yield (node.value.lineno, node.value.col_offset, node.value.end_col_offset,
                           f"bool({value.decode()})")
    if code == "JT122":
        yield from _walrus_hoisted(tree, lo, hi)
        yield from _walrus_test_dropped(tree, lo, hi)
    if code == "JT604":
        yield from _refined_before(tree, lo, hi)
        yield from _bound_before_if(tree, lo, hi, reported)
    if code == "JT105":
        yield from _try_as_ifs(tree, lo, hi)
    for node in ast.walk(tree):
        if code == "JT306" and isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) \
                and node.value is not None and lo <= node.lineno <= hi and node.value.lineno == node.lineno:
            # `attention_interface: Callable = ...` -> `attention_interface = ...` (the annotation torch cannot read;
            # the edit stops before the value, which another diagnostic may be about)
            yield (node.lineno, node.target.end_col_offset, node.value.col_offset - 1, " =")
        if code == "JT106" and isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) \
                and lo <= node.lineno <= hi and not node.decorator_list and node.body[0].lineno > node.lineno:
            # a nested `def f(...):` / `class C:` header on one line -> `if True:` (the frontend rejects the header)
            text = ast.get_source_segment(src_of(tree), node) or ""
            head = text.split("\n", 1)[0]
            if head.rstrip().endswith(":"):
                yield (node.lineno, node.col_offset, node.col_offset + len(head.rstrip().encode()), "if True:")
        if code == "JT101" and isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)) \
                and node.lineno <= hi and (node.end_lineno or node.lineno) >= lo:
            # `[x for x in xs if c]` -> `[x for x in xs]` (ast.comprehension itself carries no position)
            for gen in node.generators:
                if not gen.ifs or gen.ifs[0].lineno != gen.ifs[-1].end_lineno:
                    continue
                ln = gen.ifs[0].lineno
                if gen.iter.end_lineno == ln:
                    yield (ln, gen.iter.end_col_offset, gen.ifs[-1].end_col_offset, "")
                    continue
                # the `if` clause on a line of its own: from its `if` keyword
                head = src_of(tree).splitlines()[ln - 1].encode()[:gen.ifs[0].col_offset]
                if head.rstrip().endswith(b"if") and not head.rstrip()[:-2].strip():
                    yield (ln, len(head.rstrip()) - 2, gen.ifs[-1].end_col_offset, "")
        if code in ("JT130", "JT606") and isinstance(node, ast.Call) and getattr(node.func, "id", "") == "zip" \
                and len(node.args) == 1 and isinstance(node.args[0], ast.Starred) \
                and isinstance(node.args[0].value, ast.Name) and lo <= node.args[0].lineno <= hi:
            # `for q, k, v in zip(*splits)` with `splits = [split(t) for t in (q, k, v)]` (LFM3-VL, MiniCPM-V): the
            # list's elements spelt out, `zip(splits[0], splits[1], splits[2])` (as one list, zip would give 1-tuples)
            name = node.args[0].value.id
            n = _display_length(tree, name, node.lineno)
            if n:
                yield (node.args[0].lineno, node.args[0].col_offset, node.args[0].end_col_offset,
                       ", ".join(f"{name}[{i}]" for i in range(n)))
        if code in ("JT130", "JT606") and isinstance(node, ast.Call) and node.args \
                and lo <= node.args[0].lineno <= hi:
            # f(*xs, b, c) -> f(list(xs) + [b, c]): the positional arguments as one list (`x.view(*s[:2], -1)`,
            # `torch.zeros(*shape)`, `x.permute(*dims)` take it; dropping the `*` leaves a call no schema matches);
            # keyword arguments stay. The arguments on one line (the call may span several)
            ln = node.args[0].lineno
            text = _starred_as_list(node, src_of(tree).splitlines()[ln - 1].encode())
            if text is not None:
                yield (ln, node.args[0].col_offset, node.args[-1].end_col_offset, text)
        if code == "JT124" and isinstance(node, ast.Dict):
            for k, v in zip(node.keys, node.values):  # {**a, "x": y} -> {"x": y} (the dict may span lines)
                if k is None and lo <= v.lineno == v.end_lineno <= hi:
                    yield (v.lineno, v.col_offset - 2, v.end_col_offset, "\0cut")
        if not inside(node):
            continue
        line = node.lineno
        if code == "JT201" and isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute) \
                and not isinstance(node.slice, (ast.Constant, ast.Slice)):
            sl = node.slice
            yield (line, sl.col_offset, sl.end_col_offset, "0")
        if code == "JT110" and isinstance(node, (ast.Import, ast.ImportFrom)):
            # a class the import binds, tested by `isinstance(self.kernel, LoraLayer)` (the wav2vec2 family's TDNN
            # layer, importing peft's): those tests `False` first, since the name goes with the import
            bound = {(a.asname or a.name).split(".")[0] for a in node.names}
            for test in ast.walk(tree):
                if isinstance(test, ast.Call) and getattr(test.func, "id", "") == "isinstance" \
                        and len(test.args) == 2 and getattr(test.args[1], "id", None) in bound \
                        and test.lineno == test.end_lineno and test.lineno > line:
                    yield (test.lineno, test.col_offset, test.end_col_offset, "False")
            yield (line, node.col_offset, node.end_col_offset, "pass")  # a frontend error: the name is not needed
        if code == "JT408" and isinstance(node, ast.Attribute) and isinstance(node.value, ast.Attribute) \
                and node.attr == "__name__" and node.value.attr == "__class__" \
                and getattr(node.value.value, "id", "") == "self":
            yield (line, node.col_offset, node.end_col_offset, "str(1)")  # a str, spelt without quotes (f-strings)
        if code == "JT408" and isinstance(node, ast.Attribute) and node.attr == "__class__" \
                and getattr(node.value, "id", "") == "self":
            yield (line, node.col_offset, node.end_col_offset, "None")
        if code == "JT103" and isinstance(node, ast.Set):
            # `{"lsh", "local"}` -> `["lsh", "local"]`: `in`, `len` and iteration read a list alike
            text = src_of(tree).splitlines()[line - 1].encode()[node.col_offset:node.end_col_offset].decode()
            yield (line, node.col_offset, node.end_col_offset, "[" + text[1:-1] + "]")
        if code == "JT103" and isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id == "set":
            yield (line, node.func.col_offset, node.func.end_col_offset, "list")  # `set(xs)` -> `list(xs)`
        if code == "JT509" and isinstance(node, ast.Call) and isinstance(node.func, ast.Call) \
                and node.lineno == node.end_lineno and not node.func.args and not node.keywords:
            # `nn.Softmax(dim=-1)(scores)` -> `torch.nn.functional.softmax(scores, dim=-1)`: a layer built only to be
            # called once is its function with the constructor's keywords (LayoutLMv3's `cogview_attention`)
            inner = node.func
            name = inner.func.attr if isinstance(inner.func, ast.Attribute) else getattr(inner.func, "id", "")
            if name in _FUNCTIONAL_OF_CALLED_LAYER:
                line_s = src_of(tree).splitlines()[line - 1].encode()
                text = lambda n: line_s[n.col_offset:n.end_col_offset].decode()  # noqa: E731
                args = [text(a) for a in node.args] + [text(k) for k in inner.keywords]
                yield (line, node.col_offset, node.end_col_offset,
                       f"torch.nn.functional.{_FUNCTIONAL_OF_CALLED_LAYER[name]}({', '.join(args)})")
        if code == "JT509" and isinstance(node, ast.Call) and not node.args:
            # `loss_fct = CrossEntropyLoss(ignore_index=-1)` -> `loss_fct = torch.nn.functional.cross_entropy`: the
            # local holds the function, which `loss_fct(logits, labels)` calls as it called the module (the
            # constructor's options only change the value)
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in _FUNCTIONAL_OF_MODULE:
                yield (line, node.col_offset, node.end_col_offset, "torch.nn.functional." + _FUNCTIONAL_OF_MODULE[name])
        if code == "JT120" and isinstance(node, ast.Lambda):
            yield (line, node.col_offset, node.end_col_offset, "None")
        if code == "JT403" and isinstance(node, (ast.Assign, ast.AugAssign)):
            # `self.x = v` compiled code may not assign: drop that target (`self.n = n = v` -> `n = v`), or the
            # statement (`pass`) when it is the only one
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            own = [t for t in targets if isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name)
                   and t.value.id == "self"]
            if own and len(own) == len(targets):
                yield (line, node.col_offset, node.end_col_offset, "pass")
            elif own and isinstance(node, ast.Assign):
                nxt = targets[targets.index(own[0]) + 1] if own[0] is not targets[-1] else node.value
                yield (line, own[0].col_offset, nxt.col_offset, "")
        if code == "JT123" and isinstance(node, ast.FormattedValue) and (node.conversion != -1 or node.format_spec):
            # f"{x!r:>4}" -> f"{x}": the frontend rejects the conversion and the spec
            value = node.value
            if value.end_lineno == line:
                seg = src_of(tree).splitlines()[line - 1].encode()
                close = seg.find(b"}", value.end_col_offset)
                if close > 0:
                    yield (line, value.end_col_offset, close, "")
        if code == "JT125" and isinstance(node, ast.keyword) and node.arg is None:
            yield (line, node.col_offset, node.end_col_offset, "\0cut")  # f(x, **kw) -> f(x)
        if code in ("JT130", "JT606") and isinstance(node, (ast.Tuple, ast.List)) and len(node.elts) > 1:
            for elt in node.elts:  # (*xs, -1, d) -> (-1, d): the element types stay the same
                if isinstance(elt, ast.Starred) and elt.lineno == elt.end_lineno:
                    yield (line, elt.col_offset, elt.end_col_offset, "\0cut")


# modules that losses construct in `forward` and the functions their `forward` calls with the same two tensors
_FUNCTIONAL_OF_MODULE = {
    "CrossEntropyLoss": "cross_entropy", "BCEWithLogitsLoss": "binary_cross_entropy_with_logits",
    "MSELoss": "mse_loss", "L1Loss": "l1_loss", "SmoothL1Loss": "smooth_l1_loss", "BCELoss": "binary_cross_entropy",
    "NLLLoss": "nll_loss", "KLDivLoss": "kl_div", "HuberLoss": "huber_loss", "ReLU": "relu",
}


# layers whose constructor's keywords are their function's (`nn.Softmax(dim=d)(x)` is `F.softmax(x, dim=d)`)
_FUNCTIONAL_OF_CALLED_LAYER = {
    "Softmax": "softmax", "LogSoftmax": "log_softmax", "GELU": "gelu", "SiLU": "silu", "ReLU": "relu",
    "Sigmoid": "sigmoid", "Tanh": "tanh", "LeakyReLU": "leaky_relu", "ELU": "elu",
}


# numpy calls and the torch functions returning the same kind of value from the same arguments
_MATH_OF_NUMPY = frozenset({"sqrt", "log", "log2", "log10", "exp", "floor", "ceil"})


# JT305's "it is used as ..." and a parameter type that use takes (the sequences of tuples are transformers'
# `spatial_shapes_list`, pairs of ints)
_PARAMETER_TYPE_OF_USE = [
    (r"^a sequence of tuples the loop unpacks", "list[tuple[int, int]]"),
    (r"which takes a device or None$", "torch.device"),
    (r"^a string$|which takes a str$", "str"),
    (r"^a list of tensors$", "list[torch.Tensor]"),
    (r"^a mapping with string keys$", "dict[str, torch.Tensor]"),
    (r"^a sequence of mappings with string keys$", "list[dict[str, torch.Tensor]]"),
    (r"^`range`'s? bound$|^a `range` bound$|an element of the tuple .* which takes a list of ints$"
     r"|^an int, in the tuple added to the list of ints|^an element of the tuple .* which takes an int, a list of ints",
     "int"),
    (r"which takes a list of ints$", "list[int]"),
]


def _python_annotation(torchscript_type: str) -> Optional[str]:
    """A type as jitlint's messages write it (`List[int]`, `Tuple[Tensor, Tensor]`) as an annotation the model's file
    resolves (`list[int]`, `tuple[torch.Tensor, torch.Tensor]`: transformers' and timm's files import `torch`, not
    always `typing`); None for one outside those."""
    if not re.fullmatch(r"[\w\[\], ]+", torchscript_type) or "None" in torchscript_type:
        return None
    words = {"List": "list", "Tuple": "tuple", "Dict": "dict", "Tensor": "torch.Tensor", "int": "int", "float": "float",
             "bool": "bool", "str": "str"}
    out = []
    for token in re.split(r"([\[\], ]+)", torchscript_type):
        if token and token[0].isalpha():
            if token not in words:
                return None
            token = words[token]
        out.append(token)
    return "".join(out)


def _annotated_binding(tree: ast.AST, code: str, lo: int, hi: int,
                       reported: Sequence[Tuple[str, int, int, int, int, str]]) -> Iterable[Tuple[int, int, int, str]]:
    """JT603 / JT605 siblings: the last plain binding of the local before the statement, in the same function, annotated
    (``name = None`` -> ``name: T | None = None`` for JT603, ``name = []`` -> ``name: list[T] = []`` for JT605)."""
    for c, row, _, _, _, message in reported:
        if c != code or not lo <= row <= hi:
            continue
        if code == "JT603":
            found = re.match(r"`(\w+)` has type NoneType before this block and is assigned a value of type ([^ ]+(?: [^ ]+)*?)"
                             r" here", message)
            empty = (ast.Constant,)
        else:
            found = re.match(r"`(\w+)` starts as an empty list, which TorchScript types `List\[Tensor\]`, but it is "
                             r"given an? `([^`]+)`", message)
            empty = (ast.List,)
        annotation = _python_annotation(found.group(2)) if found else None
        if annotation is None:
            continue
        annotation = f"{annotation} | None" if code == "JT603" else f"list[{annotation}]"
        function = min((f for f in ast.walk(tree) if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))
                        and f.lineno <= row <= (f.end_lineno or f.lineno)),
                       key=lambda f: (f.end_lineno or f.lineno) - f.lineno, default=None)
        if function is None:
            continue
        bindings = [a for a in ast.walk(function) if isinstance(a, ast.Assign) and len(a.targets) == 1
                    and isinstance(a.targets[0], ast.Name) and a.targets[0].id == found.group(1) and a.lineno < row
                    and isinstance(a.value, empty)
                    and (code == "JT605" and not a.value.elts or code == "JT603" and a.value.value is None)]
        if bindings:
            target = max(bindings, key=lambda a: a.lineno).targets[0]
            yield (target.lineno, target.end_col_offset, target.end_col_offset, f": {annotation}")


def _imports_math(tree: ast.AST) -> bool:
    return any(isinstance(n, ast.Import) and any(a.name == "math" and a.asname is None for a in n.names)
               for n in getattr(tree, "body", []))


_TORCH_OF_NUMPY = {
    "random.rand": "rand", "random.randn": "randn", "random.random": "rand", "arange": "arange", "zeros": "zeros",
    "ones": "ones",
}


def _try_as_ifs(tree: ast.AST, lo: int, hi: int) -> Iterable[Tuple[int, int, int, str]]:
    """JT105's `try:` at line ``lo`` as `if True:`, its `else:` and `finally:` clauses as `if True:` (they run when
    nothing raises) and each `except ...:` as `if False:` (TorchScript drops a literal False's body): one edit of
    every header, each on one line, so that the copy still parses."""
    lines = src_of(tree).splitlines()
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Try) and node.lineno == lo):
            continue
        parts = []

        def header(row: int, col: int, keyword: str, text: str) -> bool:
            line_b = lines[row - 1].encode()
            rest = line_b[col:].rstrip()
            if not rest.startswith(keyword.encode()) or not rest.endswith(b":"):
                return False
            parts.append((row, col, len(line_b[:col]) + len(rest), text))
            return True

        ok = header(node.lineno, node.col_offset, "try", "if True:")
        for handler in node.handlers:
            ok = ok and header(handler.lineno, handler.col_offset, "except", "if False:")
        for block, keyword in ((node.orelse, "else"), (node.finalbody, "finally")):
            if block:
                # the clause's line: the last line before the block's first statement that holds the keyword
                row = next((r for r in range(block[0].lineno - 1, node.lineno, -1)
                            if lines[r - 1].strip() == keyword + ":"), None)
                ok = ok and row is not None and header(row, node.col_offset, keyword, "if True:")
        if ok:
            yield (parts[0][0], parts[0][1], parts[0][2], MULTI + json.dumps(parts))


def _walrus_hoisted(tree: ast.AST, lo: int, hi: int) -> Iterable[Tuple[int, int, int, str]]:
    """JT122's neutralizing edits for the statement at lines ``lo``..``hi``: ``if f(n := e):`` binds ``n = e`` one
    statement earlier (on the blank or comment line before the ``if``, or after the simple statement that ends
    there), then the walrus becomes ``n``; ``y = g(n := e)`` becomes ``n = e; y = g(n)``. The same binding, made
    just before the statement; only a walrus TorchScript would evaluate unconditionally (not under ``and``/``or``,
    a conditional expression, a comprehension or a lambda), one per statement, on one line. The binding comes
    first: the walrus is replaced in the next round, after it, never alone (``n`` is read later)."""
    src = src_of(tree)
    lines_ = src.splitlines()
    conditional = (ast.BoolOp, ast.IfExp, ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)

    def unconditional_walrus(expr: ast.AST) -> Optional[ast.NamedExpr]:
        found: List[ast.NamedExpr] = []
        guarded = False

        def visit(node: ast.AST, under: bool) -> None:
            nonlocal guarded
            if isinstance(node, ast.NamedExpr):
                found.append(node)
                guarded = guarded or under
            for child in ast.iter_child_nodes(node):
                visit(child, under or isinstance(node, conditional))
        visit(expr, False)
        if len(found) != 1 or guarded:
            return None
        walrus = found[0]
        if not isinstance(walrus.target, ast.Name) or walrus.lineno != walrus.end_lineno:
            return None
        return walrus

    bodies = [getattr(n, f) for n in ast.walk(tree) for f in ("body", "orelse", "finalbody")
              if isinstance(getattr(n, f, None), list)]
    for body in bodies:
        for index, stmt in enumerate(body):
            if not isinstance(stmt, ast.stmt) or not lo <= stmt.lineno <= hi:
                continue
            if isinstance(stmt, ast.If):
                expr, simple = stmt.test, False
            elif isinstance(stmt, (ast.Assign, ast.AnnAssign, ast.AugAssign, ast.Expr, ast.Return)):
                expr, simple = stmt, True
            else:
                continue
            walrus = unconditional_walrus(expr)
            if walrus is None:
                continue
            line_b = lines_[walrus.lineno - 1].encode()
            value = line_b[walrus.value.col_offset:walrus.value.end_col_offset].decode()
            binding = f"{walrus.target.id} = {value}"
            if simple:
                yield (stmt.lineno, stmt.col_offset, stmt.col_offset, binding + "; ")
            else:
                edit = _statement_before(lines_, body, index, binding)
                if edit is None:
                    continue
                yield edit
            yield (walrus.lineno, walrus.col_offset, walrus.end_col_offset, walrus.target.id)


def _display_length(tree: ast.AST, name: str, row: int) -> Optional[int]:
    """How many elements the list ``name`` holds at line ``row`` when its one binding in the function is a list
    display (``[a, b]``) or a comprehension over a tuple or list display (``[f(t) for t in (q, k, v)]``); else None."""
    scope = innermost_function(tree, row)
    if scope is None:
        return None
    bindings = [n for n in ast.walk(scope) if isinstance(n, ast.Name) and n.id == name
                and isinstance(n.ctx, (ast.Store, ast.Del))]
    assigns = [a for a in ast.walk(scope) if isinstance(a, ast.Assign) and len(a.targets) == 1
               and isinstance(a.targets[0], ast.Name) and a.targets[0].id == name and a.lineno < row]
    if len(bindings) != 1 or len(assigns) != 1:
        return None
    value = assigns[0].value
    if isinstance(value, ast.ListComp) and len(value.generators) == 1 and not value.generators[0].ifs:
        value = value.generators[0].iter
    if isinstance(value, (ast.List, ast.Tuple)) and not any(isinstance(e, ast.Starred) for e in value.elts):
        return len(value.elts) or None
    return None


def _walrus_test_dropped(tree: ast.AST, lo: int, hi: int) -> Iterable[Tuple[int, int, int, str]]:
    """JT122's edit for transformers' ``if kwargs is not None and (x := kwargs.pop("x", None)) is not None: return x``
    (a walrus under ``and``, which hoisting would evaluate where ``kwargs`` may be None): the test, on one line,
    becomes ``False`` and TorchScript drops the block, when only that block reads the name. The function then
    always takes the path that computes the value (its other statements keep their types)."""
    for stmt in ast.walk(tree):
        if not isinstance(stmt, ast.If) or not lo <= stmt.lineno <= hi or stmt.test.lineno != stmt.test.end_lineno:
            continue
        walruses = [n for n in ast.walk(stmt.test) if isinstance(n, ast.NamedExpr)]
        if len(walruses) != 1 or not isinstance(walruses[0].target, ast.Name) or stmt.orelse:
            continue
        name = walruses[0].target.id
        inside = {id(n) for part in stmt.body for n in ast.walk(part)} | {id(n) for n in ast.walk(stmt.test)}
        scope = innermost_function(tree, stmt.lineno)
        if scope is None or any(isinstance(n, ast.Name) and n.id == name and id(n) not in inside
                                for n in ast.walk(scope)):
            continue
        yield (stmt.test.lineno, stmt.test.col_offset, stmt.test.end_col_offset, "False")


def _statement_before(lines_: Sequence[str], body: Sequence[ast.stmt], index: int,
                      statement: str) -> Optional[Tuple[int, int, int, str]]:
    """An edit running ``statement`` just before the compound statement ``body[index]`` (an ``if``, not an
    ``elif``) without moving a line: on the blank or comment line above it, or after the simple statement that
    ends there. None when neither is there."""
    stmt = body[index]
    head_b = lines_[stmt.lineno - 1].encode()
    if head_b[stmt.col_offset:].startswith(b"elif") or stmt.lineno < 2:
        return None
    before = lines_[stmt.lineno - 2]
    previous = body[index - 1] if index > 0 else None
    if not before.strip() or before.strip().startswith("#"):  # a blank line, or a comment's
        return (stmt.lineno - 1, 0, len(before.encode()), head_b[:stmt.col_offset].decode() + statement)
    if previous is not None and previous.end_lineno == stmt.lineno - 1 and "#" not in before \
            and isinstance(previous, (ast.Assign, ast.AnnAssign, ast.AugAssign, ast.Expr)):
        return (stmt.lineno - 1, len(before.encode()), len(before.encode()), "; " + statement)
    return None


def _bound_before_if(tree: ast.AST, lo: int, hi: int,
                     reported: Sequence[Tuple[str, int, int, int, int, str]]) -> Iterable[Tuple[int, int, int, str]]:
    """JT604's edit for a name one branch of an ``if`` binds and the other leaves undefined (LXMERT's ``if
    output_attentions: attention_probs = output[1]``): the branch's binding copied just before the ``if``, so the
    name has that type on every path. Only a one-line ``name = value`` at the top of the branch whose value reads no
    name the ``if`` binds (it means the same before it)."""
    lines_ = src_of(tree).splitlines()
    for c, row, col, _, _, message in reported:
        found = re.match(r"`(\w+)` is not assigned in the (true|false) branch of this `if`", message)
        if c != "JT604" or not found or not lo <= row <= hi:
            continue
        name = found.group(1)
        for node in ast.walk(tree):
            for body in (getattr(node, f, None) for f in ("body", "orelse", "finalbody")):
                if not isinstance(body, list):
                    continue
                for index, stmt in enumerate(body):
                    if not (isinstance(stmt, ast.If) and (stmt.lineno, stmt.col_offset) == (row, col)):
                        continue
                    branch = stmt.orelse if found.group(2) == "true" else stmt.body
                    bound_in_if = {n.id for n in ast.walk(stmt) if isinstance(n, ast.Name)
                                   and isinstance(n.ctx, ast.Store)}
                    for st in branch:
                        if isinstance(st, ast.Assign) and len(st.targets) == 1 \
                                and getattr(st.targets[0], "id", None) == name and st.lineno == st.end_lineno \
                                and not {n.id for n in ast.walk(st.value) if isinstance(n, ast.Name)} & bound_in_if:
                            value = lines_[st.lineno - 1].encode()[st.value.col_offset:st.value.end_col_offset]
                            edit = _statement_before(lines_, body, index, f"{name} = {value.decode()}")
                            if edit is not None:
                                yield edit
                            break


def _refined_before(tree: ast.AST, lo: int, hi: int) -> Iterable[Tuple[int, int, int, str]]:
    """JT604's neutralizing edit for ``if x is not None:`` (and ``and`` chains of such tests) that binds a name its
    false branch leaves undefined: ``assert x is not None`` just before it. TorchScript then knows ``x`` is not
    None, decides the test at compile time and compiles the true branch alone, so the name is defined after it.
    Only when nothing after the ``if`` reads a tested name: the refinement would reach those reads too (Higgs
    Audio's later ``elif audio_input_ids is not None:``, decided too, leaves ``inputs_embeds`` no longer Optional)."""
    lines_ = src_of(tree).splitlines()

    def read_after(stmt: ast.If) -> Set[str]:
        function = innermost_function(tree, stmt.lineno)
        return {n.id for n in ast.walk(function) if isinstance(n, ast.Name)
                and n.lineno > (stmt.end_lineno or stmt.lineno)} if function is not None else set()

    def not_none_tests(test: ast.AST) -> bool:
        if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
            return all(not_none_tests(v) for v in test.values)
        return isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.IsNot) \
            and isinstance(test.left, ast.Name) and isinstance(test.comparators[0], ast.Constant) \
            and test.comparators[0].value is None

    for node in ast.walk(tree):
        for body in (getattr(node, f, None) for f in ("body", "orelse", "finalbody")):
            if not isinstance(body, list):
                continue
            for index, stmt in enumerate(body):
                if isinstance(stmt, ast.If) and lo <= stmt.lineno <= hi and not_none_tests(stmt.test) \
                        and stmt.test.lineno == stmt.test.end_lineno \
                        and not {n.id for n in ast.walk(stmt.test) if isinstance(n, ast.Name)} & read_after(stmt):
                    test = lines_[stmt.test.lineno - 1].encode()[stmt.test.col_offset:stmt.test.end_col_offset]
                    edit = _statement_before(lines_, body, index, f"assert {test.decode()}")
                    if edit is not None:
                        yield edit


def _starred_as_list(call: ast.Call, line: bytes) -> Optional[str]:
    """The positional arguments of ``call`` (one with a ``*xs`` among them, all on ``line``) as one list expression:
    ``*a, b, c`` -> ``list(a) + [b, c]``, ``a, *b`` -> ``[a] + list(b)``. None when there is no starred argument,
    they span lines, or a keyword argument sits among them."""
    args = call.args
    if not any(isinstance(a, ast.Starred) for a in args) or args[0].lineno != args[-1].end_lineno:
        return None
    first, last = args[0].col_offset, args[-1].end_col_offset
    if any(k.lineno == args[0].lineno and first <= k.col_offset < last for k in call.keywords):
        return None
    parts: List[str] = []
    plain: List[str] = []
    for a in args:
        if isinstance(a, ast.Starred):
            if plain:
                parts.append(f"[{', '.join(plain)}]")
                plain = []
            parts.append(f"list({line[a.value.col_offset:a.value.end_col_offset].decode()})")
        else:
            plain.append(line[a.col_offset:a.end_col_offset].decode())
    if plain:
        parts.append(f"[{', '.join(plain)}]")
    return " + ".join(parts)


# --------------------------------------------------------------------------------------------- misses (models)
