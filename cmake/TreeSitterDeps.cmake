# TreeSitterDeps.cmake: the tree-sitter C runtime and the tree-sitter-python grammar, built from their PyPI sdists.
#
# Why sdists fetched with pip: they are the one source both a developer machine and an isolated PEP 517 build
# (`pip install .`, pre-commit) can always reach, pip already knows the index/proxy/find-links configuration of
# the machine (PIP_* variables), and `--require-hashes` pins the exact bytes. No URL is written here.
#
# Why this particular pair (see /work/shared/build-notes.md §2): it is the only pair buildable from PyPI sdists
# alone. `tree-sitter==0.24.0` carries the C runtime 0.24.7 (grammar ABI 13..14); `tree-sitter-python==0.23.6`
# carries `src/parser.c` + `src/scanner.c` (ABI 14) but not the `src/tree_sitter/*.h` headers they include, so we
# generate one-line forwarding headers to the runtime's own copies (byte-identical `parser.h` at ABI 14).
# Re-checked 2026-12-03 against PyPI's newest (tree-sitter 0.26.1, tree-sitter-python 0.25.0): still the only
# pair, and 0.25.0 misreads `x, *r = a, *[]` too; docs/dependencies.md says what would unblock an upgrade.
#
# Resolution order per dependency:
#   1. a source directory given by the user (offline builds):
#        JITLINT_TREE_SITTER_SOURCE_DIR         dir with lib/src/lib.c and lib/include/tree_sitter/api.h
#                                               (a tree-sitter checkout, an extracted sdist's tree_sitter/core,
#                                               or the extracted sdist root itself)
#        JITLINT_TREE_SITTER_PYTHON_SOURCE_DIR  dir with src/parser.c (and src/scanner.c)
#   2. the pinned archive already present in JITLINT_SDIST_DIR (default: a persistent per-user cache, so fresh
#      build dirs of isolated builds and CI re-runs never call pip again);
#   3. `python -m pip download` of the pinned version with --require-hashes into JITLINT_SDIST_DIR.
# Every archive is SHA-256 checked again here (this also covers archives a user dropped into the cache).
#
# Targets defined:
#   jitlint_ts_runtime  STATIC, PIC; PUBLIC include of <tree_sitter/api.h>; PUBLIC TREE_SITTER_HIDE_SYMBOLS.
#   jitlint_ts_python   STATIC, PIC; defines `tree_sitter_python()`; links jitlint_ts_runtime.
# Variables set for the caller:
#   JITLINT_TS_LICENSE_FILES  "<file>;<install name>;..." pairs of the dependencies' licence files (may be empty).
#
# Requires: Python_EXECUTABLE (only when something has to be downloaded), project() languages C and CXX.

include_guard(GLOBAL)

# ---------------------------------------------------------------------------------------------------------------
# Pins and user knobs (cache variables so they can be overridden with -D... or -Ccmake.define....).
# ---------------------------------------------------------------------------------------------------------------
set(JITLINT_TS_RUNTIME_VERSION "0.24.0" CACHE STRING
    "Version of the PyPI sdist 'tree-sitter' that supplies the tree-sitter C runtime")
set(JITLINT_TS_RUNTIME_SHA256 "abd95af65ca2f4f7eca356343391ed669e764f37748b5352946f00f7fc78e734" CACHE STRING
    "SHA-256 of the 'tree-sitter' sdist archive")
set(JITLINT_TS_PYTHON_VERSION "0.23.6" CACHE STRING
    "Version of the PyPI sdist 'tree-sitter-python' that supplies the Python grammar")
set(JITLINT_TS_PYTHON_SHA256 "354bfa0a2f9217431764a631516f85173e9711af2c13dbd796a8815acfe505d9" CACHE STRING
    "SHA-256 of the 'tree-sitter-python' sdist archive")

set(JITLINT_TREE_SITTER_SOURCE_DIR "" CACHE PATH
    "Offline: tree-sitter runtime sources (dir with lib/src/lib.c); skips the download")
set(JITLINT_TREE_SITTER_PYTHON_SOURCE_DIR "" CACHE PATH
    "Offline: tree-sitter-python grammar sources (dir with src/parser.c); skips the download")

# A persistent cache outside the build dir: isolated builds get a fresh temporary build dir every time.
if(NOT "$ENV{XDG_CACHE_HOME}" STREQUAL "")
  set(_jitlint_ts_default_sdist_dir "$ENV{XDG_CACHE_HOME}/jitlint/sdists")
elseif(NOT "$ENV{HOME}" STREQUAL "")
  set(_jitlint_ts_default_sdist_dir "$ENV{HOME}/.cache/jitlint/sdists")
elseif(NOT "$ENV{LOCALAPPDATA}" STREQUAL "")
  set(_jitlint_ts_default_sdist_dir "$ENV{LOCALAPPDATA}/jitlint/sdists")
else()
  set(_jitlint_ts_default_sdist_dir "${CMAKE_BINARY_DIR}/_deps/sdists")
endif()
set(JITLINT_SDIST_DIR "${_jitlint_ts_default_sdist_dir}" CACHE PATH
    "Directory holding (or receiving) the pinned tree-sitter sdist archives (.tar.gz)")
option(JITLINT_FETCH_WITH_PIP "Download missing tree-sitter sdists with 'python -m pip download'" ON)

set(_jitlint_ts_deps_dir "${CMAKE_BINARY_DIR}/_deps")

# The text appended to every fetch failure: how to build without pip/network.
set(_jitlint_ts_offline_help
"To build offline, do one of:
  - put tree-sitter-${JITLINT_TS_RUNTIME_VERSION}.tar.gz and tree_sitter_python-${JITLINT_TS_PYTHON_VERSION}.tar.gz
    (SHA-256 ${JITLINT_TS_RUNTIME_SHA256} and ${JITLINT_TS_PYTHON_SHA256})
    into JITLINT_SDIST_DIR (now: ${JITLINT_SDIST_DIR}), or point -DJITLINT_SDIST_DIR=<dir> at them;
  - or pass source trees: -DJITLINT_TREE_SITTER_SOURCE_DIR=<dir with lib/src/lib.c>
    -DJITLINT_TREE_SITTER_PYTHON_SOURCE_DIR=<dir with src/parser.c>
    (through pip: -Ccmake.define.JITLINT_TREE_SITTER_SOURCE_DIR=<dir> ...);
  - or let pip find the archives locally: PIP_NO_INDEX=1 PIP_FIND_LINKS=<dir with the archives>.")

# ---------------------------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------------------------

# PyPI normalises names differently over time (older sdists 'tree-sitter-X', newer PEP 625 'tree_sitter_python-X'),
# so accept both spellings.
function(_jitlint_ts_archive_candidates out_var dist version)
  string(REPLACE "-" "_" _underscored "${dist}")
  set(${out_var} "${dist}-${version}.tar.gz" "${_underscored}-${version}.tar.gz" PARENT_SCOPE)
endfunction()

# Sets <out_var> to the cached archive for <dist>==<version>, or "" if none. A file with the right name but the
# wrong hash is an error: it is either a corrupted cache or a wrong pin, and both need a human.
function(_jitlint_ts_find_archive out_var dist version sha256)
  set(${out_var} "" PARENT_SCOPE)
  _jitlint_ts_archive_candidates(_names "${dist}" "${version}")
  foreach(_name IN LISTS _names)
    set(_file "${JITLINT_SDIST_DIR}/${_name}")
    if(EXISTS "${_file}")
      file(SHA256 "${_file}" _got)
      string(TOLOWER "${sha256}" _want)
      if(NOT _got STREQUAL _want)
        message(FATAL_ERROR
          "jitlint: SHA-256 mismatch for ${_file}\n"
          "  expected (pin): ${_want}\n"
          "  actual:         ${_got}\n"
          "Either the archive is corrupted (delete it and configure again) or the pin "
          "JITLINT_TS_*_SHA256 is wrong.")
      endif()
      set(${out_var} "${_file}" PARENT_SCOPE)
      return()
    endif()
  endforeach()
endfunction()

# Downloads the listed "<dist>==<version> --hash=sha256:<sha>" requirement lines into JITLINT_SDIST_DIR.
function(_jitlint_ts_pip_download)
  set(_req_lines ${ARGN})
  if(NOT JITLINT_FETCH_WITH_PIP)
    message(FATAL_ERROR "jitlint: tree-sitter sources are missing and JITLINT_FETCH_WITH_PIP is OFF.\n"
                        "${_jitlint_ts_offline_help}")
  endif()
  if(NOT Python_EXECUTABLE)
    message(FATAL_ERROR "jitlint: Python_EXECUTABLE is not set, so pip cannot fetch the tree-sitter sdists.\n"
                        "${_jitlint_ts_offline_help}")
  endif()

  # In an isolated PEP 517 build pip is only importable if it is listed in build-system.requires.
  execute_process(COMMAND "${Python_EXECUTABLE}" -m pip --version
                  RESULT_VARIABLE _rc OUTPUT_QUIET ERROR_VARIABLE _err)
  if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "jitlint: '${Python_EXECUTABLE} -m pip' does not work, so the tree-sitter sdists "
                        "cannot be fetched:\n${_err}\n${_jitlint_ts_offline_help}")
  endif()

  # pip prepares each sdist's metadata even with --no-deps (pypa/pip#1884). With setuptools>=61 and wheel in this
  # interpreter we do that in-process (--no-build-isolation): faster, works with a local index only, and no
  # unpinned setuptools gets installed. Otherwise pip builds its own isolated env from the index.
  execute_process(
    COMMAND "${Python_EXECUTABLE}" -c
      "import setuptools, wheel, sys; sys.exit(0 if int(setuptools.__version__.split('.')[0]) >= 61 else 1)"
    RESULT_VARIABLE _rc OUTPUT_QUIET ERROR_QUIET)
  set(_isolation_args "")
  if(_rc EQUAL 0)
    set(_isolation_args --no-build-isolation)
  endif()

  # The cache may live on a read-only or missing home; fall back to the build tree then.
  execute_process(COMMAND "${CMAKE_COMMAND}" -E make_directory "${JITLINT_SDIST_DIR}"
                  RESULT_VARIABLE _rc OUTPUT_QUIET ERROR_QUIET)
  set(_dest "${JITLINT_SDIST_DIR}")
  if(NOT _rc EQUAL 0)
    set(_dest "${_jitlint_ts_deps_dir}/sdists")
    message(WARNING "jitlint: cannot create ${JITLINT_SDIST_DIR}; downloading into ${_dest} instead.")
    set(JITLINT_SDIST_DIR "${_dest}" CACHE PATH "" FORCE)
  endif()

  # Download into a private temp dir on the same filesystem, then rename: concurrent configures and interrupted
  # downloads never leave a half-written archive under the final name.
  string(RANDOM LENGTH 8 _rand)
  set(_tmp "${_dest}/.tmp-${_rand}")
  file(MAKE_DIRECTORY "${_tmp}")
  set(_req "${_tmp}/requirements.txt")
  list(JOIN _req_lines "\n" _req_text)
  list(JOIN _req_lines "\n  " _req_shown)
  file(WRITE "${_req}" "${_req_text}\n")

  message(STATUS "jitlint: fetching tree-sitter sdists with pip into ${_dest}")
  # PIP_CONSTRAINT (e.g. the torch pin of tools/test-all.sh) is irrelevant here and only risks confusing
  # --require-hashes; PIP_REQUIRE_VIRTUALENV would refuse to run inside a plain interpreter.
  execute_process(
    COMMAND "${CMAKE_COMMAND}" -E env --unset=PIP_CONSTRAINT --unset=PIP_REQUIRE_VIRTUALENV
            "${Python_EXECUTABLE}" -m pip download
              --no-deps --no-binary=:all: --require-hashes ${_isolation_args}
              --disable-pip-version-check --no-input --progress-bar off
              -r "${_req}" -d "${_tmp}"
    RESULT_VARIABLE _rc OUTPUT_VARIABLE _out ERROR_VARIABLE _err)
  if(NOT _rc EQUAL 0)
    file(REMOVE_RECURSE "${_tmp}")
    message(FATAL_ERROR "jitlint: 'pip download' of the pinned tree-sitter sdists failed (exit ${_rc}).\n"
                        "Requested:\n  ${_req_shown}\n"
                        "pip said:\n${_out}\n${_err}\n${_jitlint_ts_offline_help}")
  endif()

  file(GLOB _got LIST_DIRECTORIES false "${_tmp}/*.tar.gz")
  foreach(_file IN LISTS _got)
    get_filename_component(_name "${_file}" NAME)
    file(RENAME "${_file}" "${_dest}/${_name}")
  endforeach()
  file(REMOVE_RECURSE "${_tmp}")
endfunction()

# Extracts <archive> into <deps>/<key>-src once per SHA-256 (a stamp file remembers it) and returns the single
# top-level directory of the archive in <out_var> (globbed: sdists name it differently across versions).
function(_jitlint_ts_extract out_var key archive sha256)
  set(_dir "${_jitlint_ts_deps_dir}/${key}-src")
  set(_stamp "${_jitlint_ts_deps_dir}/${key}.stamp")
  set(_stamped "")
  if(EXISTS "${_stamp}")
    file(READ "${_stamp}" _stamped)
  endif()
  if(NOT _stamped STREQUAL "${sha256}" OR NOT IS_DIRECTORY "${_dir}")
    file(REMOVE_RECURSE "${_dir}")
    file(ARCHIVE_EXTRACT INPUT "${archive}" DESTINATION "${_dir}")
    file(WRITE "${_stamp}" "${sha256}")
  endif()
  file(GLOB _tops LIST_DIRECTORIES true "${_dir}/*")
  list(LENGTH _tops _n)
  if(NOT _n EQUAL 1 OR NOT IS_DIRECTORY "${_tops}")
    message(FATAL_ERROR "jitlint: ${archive} should hold exactly one top-level directory; found: ${_tops}")
  endif()
  set(${out_var} "${_tops}" PARENT_SCOPE)
endfunction()

# Reads '#define <macro> <int>' from the first <limit> bytes of <file> into <out_var> ("" if absent).
function(_jitlint_ts_read_define out_var file macro limit)
  file(READ "${file}" _head LIMIT ${limit})
  if(_head MATCHES "#define[ \t]+${macro}[ \t]+([0-9]+)")
    set(${out_var} "${CMAKE_MATCH_1}" PARENT_SCOPE)
  else()
    set(${out_var} "" PARENT_SCOPE)
  endif()
endfunction()

# ---------------------------------------------------------------------------------------------------------------
# 1. Locate or fetch the archives (only for dependencies without a source-dir override).
# ---------------------------------------------------------------------------------------------------------------
set(_jitlint_ts_runtime_archive "")
set(_jitlint_ts_python_archive "")
set(_jitlint_ts_to_fetch "")
if(NOT JITLINT_TREE_SITTER_SOURCE_DIR)
  _jitlint_ts_find_archive(_jitlint_ts_runtime_archive tree-sitter
                           "${JITLINT_TS_RUNTIME_VERSION}" "${JITLINT_TS_RUNTIME_SHA256}")
  if(NOT _jitlint_ts_runtime_archive)
    list(APPEND _jitlint_ts_to_fetch
         "tree-sitter==${JITLINT_TS_RUNTIME_VERSION} --hash=sha256:${JITLINT_TS_RUNTIME_SHA256}")
  endif()
endif()
if(NOT JITLINT_TREE_SITTER_PYTHON_SOURCE_DIR)
  _jitlint_ts_find_archive(_jitlint_ts_python_archive tree-sitter-python
                           "${JITLINT_TS_PYTHON_VERSION}" "${JITLINT_TS_PYTHON_SHA256}")
  if(NOT _jitlint_ts_python_archive)
    list(APPEND _jitlint_ts_to_fetch
         "tree-sitter-python==${JITLINT_TS_PYTHON_VERSION} --hash=sha256:${JITLINT_TS_PYTHON_SHA256}")
  endif()
endif()
if(_jitlint_ts_to_fetch)
  # One pip call for both: pip's start-up and index lookup dominate the cost.
  _jitlint_ts_pip_download(${_jitlint_ts_to_fetch})
  # Pick the fresh archives up exactly as cached ones (this re-checks their SHA-256 in CMake).
  if(NOT JITLINT_TREE_SITTER_SOURCE_DIR AND NOT _jitlint_ts_runtime_archive)
    _jitlint_ts_find_archive(_jitlint_ts_runtime_archive tree-sitter
                             "${JITLINT_TS_RUNTIME_VERSION}" "${JITLINT_TS_RUNTIME_SHA256}")
  endif()
  if(NOT JITLINT_TREE_SITTER_PYTHON_SOURCE_DIR AND NOT _jitlint_ts_python_archive)
    _jitlint_ts_find_archive(_jitlint_ts_python_archive tree-sitter-python
                             "${JITLINT_TS_PYTHON_VERSION}" "${JITLINT_TS_PYTHON_SHA256}")
  endif()
  if((NOT JITLINT_TREE_SITTER_SOURCE_DIR AND NOT _jitlint_ts_runtime_archive)
     OR (NOT JITLINT_TREE_SITTER_PYTHON_SOURCE_DIR AND NOT _jitlint_ts_python_archive))
    message(FATAL_ERROR "jitlint: pip reported success but the pinned archives are not in ${JITLINT_SDIST_DIR}.\n"
                        "${_jitlint_ts_offline_help}")
  endif()
endif()

# ---------------------------------------------------------------------------------------------------------------
# 2. Source roots: <runtime>/lib/{src,include} and <grammar>/src.
# ---------------------------------------------------------------------------------------------------------------
if(JITLINT_TREE_SITTER_SOURCE_DIR)
  get_filename_component(JITLINT_TS_RUNTIME_ROOT "${JITLINT_TREE_SITTER_SOURCE_DIR}" ABSOLUTE)
  # Also accept the root of an extracted 'tree-sitter' sdist, where the runtime sits in tree_sitter/core.
  if(NOT EXISTS "${JITLINT_TS_RUNTIME_ROOT}/lib/src/lib.c"
     AND EXISTS "${JITLINT_TS_RUNTIME_ROOT}/tree_sitter/core/lib/src/lib.c")
    set(JITLINT_TS_RUNTIME_ROOT "${JITLINT_TS_RUNTIME_ROOT}/tree_sitter/core")
  endif()
  set(_jitlint_ts_runtime_origin "JITLINT_TREE_SITTER_SOURCE_DIR=${JITLINT_TREE_SITTER_SOURCE_DIR}")
else()
  _jitlint_ts_extract(_jitlint_ts_top tree-sitter "${_jitlint_ts_runtime_archive}" "${JITLINT_TS_RUNTIME_SHA256}")
  set(JITLINT_TS_RUNTIME_ROOT "${_jitlint_ts_top}/tree_sitter/core")
  set(_jitlint_ts_runtime_origin "${_jitlint_ts_runtime_archive}")
endif()

if(JITLINT_TREE_SITTER_PYTHON_SOURCE_DIR)
  get_filename_component(JITLINT_TS_PYTHON_ROOT "${JITLINT_TREE_SITTER_PYTHON_SOURCE_DIR}" ABSOLUTE)
  set(_jitlint_ts_python_origin "JITLINT_TREE_SITTER_PYTHON_SOURCE_DIR=${JITLINT_TREE_SITTER_PYTHON_SOURCE_DIR}")
else()
  _jitlint_ts_extract(JITLINT_TS_PYTHON_ROOT tree-sitter-python "${_jitlint_ts_python_archive}"
                      "${JITLINT_TS_PYTHON_SHA256}")
  set(_jitlint_ts_python_origin "${_jitlint_ts_python_archive}")
endif()

# ---------------------------------------------------------------------------------------------------------------
# 3. Validate the layouts, so a bad pin or override fails here and not as an obscure compile/link error.
# ---------------------------------------------------------------------------------------------------------------
foreach(_jitlint_ts_file IN ITEMS lib/src/lib.c lib/include/tree_sitter/api.h lib/src/parser.h)
  if(NOT EXISTS "${JITLINT_TS_RUNTIME_ROOT}/${_jitlint_ts_file}")
    message(FATAL_ERROR "jitlint: the tree-sitter runtime from ${_jitlint_ts_runtime_origin} lacks "
                        "${_jitlint_ts_file} (looked in ${JITLINT_TS_RUNTIME_ROOT}).")
  endif()
endforeach()
set(_jitlint_ts_parser_c "${JITLINT_TS_PYTHON_ROOT}/src/parser.c")
set(_jitlint_ts_scanner_c "${JITLINT_TS_PYTHON_ROOT}/src/scanner.c")
if(NOT EXISTS "${_jitlint_ts_parser_c}")
  message(FATAL_ERROR "jitlint: the tree-sitter-python grammar from ${_jitlint_ts_python_origin} lacks "
                      "src/parser.c (looked in ${JITLINT_TS_PYTHON_ROOT}).")
endif()
# tree-sitter-python 0.25.0's sdist omits scanner.c although parser.c needs it (upstream issues #325/#347).
file(STRINGS "${_jitlint_ts_parser_c}" _jitlint_ts_needs_scanner REGEX "_external_scanner_create" LIMIT_COUNT 1)
if(_jitlint_ts_needs_scanner AND NOT EXISTS "${_jitlint_ts_scanner_c}")
  message(FATAL_ERROR "jitlint: the tree-sitter-python grammar from ${_jitlint_ts_python_origin} has an external "
                      "scanner but no src/scanner.c (the known defect of the 0.25.0 sdist). Use "
                      "JITLINT_TS_PYTHON_VERSION=0.23.6 or point JITLINT_TREE_SITTER_PYTHON_SOURCE_DIR at a "
                      "git checkout of the grammar.")
endif()

# ABI check: the runtime loads grammars with MIN <= LANGUAGE_VERSION <= MAX; outside that range
# ts_parser_set_language() fails at run time, so fail at configure time instead.
_jitlint_ts_read_define(_jitlint_ts_grammar_abi "${_jitlint_ts_parser_c}" LANGUAGE_VERSION 4096)
_jitlint_ts_read_define(_jitlint_ts_runtime_abi "${JITLINT_TS_RUNTIME_ROOT}/lib/include/tree_sitter/api.h"
                        TREE_SITTER_LANGUAGE_VERSION 16384)
_jitlint_ts_read_define(_jitlint_ts_runtime_min_abi "${JITLINT_TS_RUNTIME_ROOT}/lib/include/tree_sitter/api.h"
                        TREE_SITTER_MIN_COMPATIBLE_LANGUAGE_VERSION 16384)
if(NOT _jitlint_ts_grammar_abi OR NOT _jitlint_ts_runtime_abi)
  message(FATAL_ERROR "jitlint: cannot read the grammar ABI (LANGUAGE_VERSION in ${_jitlint_ts_parser_c}) or the "
                      "runtime ABI (TREE_SITTER_LANGUAGE_VERSION in the runtime's api.h).")
endif()
if(_jitlint_ts_grammar_abi GREATER _jitlint_ts_runtime_abi
   OR (_jitlint_ts_runtime_min_abi AND _jitlint_ts_grammar_abi LESS _jitlint_ts_runtime_min_abi))
  message(FATAL_ERROR "jitlint: grammar ABI ${_jitlint_ts_grammar_abi} is outside what the tree-sitter runtime "
                      "accepts (${_jitlint_ts_runtime_min_abi}..${_jitlint_ts_runtime_abi}).")
endif()

# ---------------------------------------------------------------------------------------------------------------
# 4. Header shim: the 0.23.x grammar sdists omit src/tree_sitter/{parser,array,alloc}.h. The runtime ships the
#    same headers in lib/src; parser.h is only interchangeable at the same ABI, hence the equality check.
#    The generated files contain only our own #include lines; nothing is copied.
# ---------------------------------------------------------------------------------------------------------------
set(_jitlint_ts_grammar_includes "${JITLINT_TS_PYTHON_ROOT}/src")
if(NOT EXISTS "${JITLINT_TS_PYTHON_ROOT}/src/tree_sitter/parser.h")
  if(NOT _jitlint_ts_grammar_abi EQUAL _jitlint_ts_runtime_abi)
    message(FATAL_ERROR "jitlint: the grammar from ${_jitlint_ts_python_origin} ships no src/tree_sitter/parser.h, "
                        "and the runtime's lib/src/parser.h is ABI ${_jitlint_ts_runtime_abi} while the grammar "
                        "was generated for ABI ${_jitlint_ts_grammar_abi}. Use a runtime with "
                        "TREE_SITTER_LANGUAGE_VERSION ${_jitlint_ts_grammar_abi} (e.g. tree-sitter 0.24.x).")
  endif()
  set(_jitlint_ts_shim "${_jitlint_ts_deps_dir}/ts-shim")
  foreach(_jitlint_ts_h IN ITEMS parser array alloc)
    # file(CONFIGURE) rewrites only on change, so reconfiguring does not trigger a rebuild.
    file(CONFIGURE OUTPUT "${_jitlint_ts_shim}/tree_sitter/${_jitlint_ts_h}.h"
         CONTENT "/* Generated by jitlint cmake/TreeSitterDeps.cmake: forwards to the tree-sitter runtime's header. */
#include \"${JITLINT_TS_RUNTIME_ROOT}/lib/src/${_jitlint_ts_h}.h\"
" @ONLY)
  endforeach()
  # The shim must win over anything else on the include path.
  list(PREPEND _jitlint_ts_grammar_includes "${_jitlint_ts_shim}")
endif()

# ---------------------------------------------------------------------------------------------------------------
# 5. Targets. Third-party C: C11, PIC (they end up in the Python extension), hidden visibility and the two
#    tree-sitter macros so that _core.so exports no ts_* symbol (py-tree-sitter may share the process), and no
#    warnings (not our code to fix).
# ---------------------------------------------------------------------------------------------------------------
set(_jitlint_ts_no_warnings "$<IF:$<C_COMPILER_ID:MSVC>,/w,-w>")

add_library(jitlint_ts_runtime STATIC "${JITLINT_TS_RUNTIME_ROOT}/lib/src/lib.c")
set_target_properties(jitlint_ts_runtime PROPERTIES
  C_STANDARD 11 C_STANDARD_REQUIRED ON C_EXTENSIONS OFF
  POSITION_INDEPENDENT_CODE ON
  C_VISIBILITY_PRESET hidden)
target_include_directories(jitlint_ts_runtime PRIVATE "${JITLINT_TS_RUNTIME_ROOT}/lib/src")
# SYSTEM: keeps -Wall/-Wextra of our code quiet about api.h.
target_include_directories(jitlint_ts_runtime SYSTEM PUBLIC "${JITLINT_TS_RUNTIME_ROOT}/lib/include")
# TREE_SITTER_HIDDEN_SYMBOLS: alloc.h's TS_PUBLIC becomes empty. TREE_SITTER_HIDE_SYMBOLS (PUBLIC, because every
# includer of api.h must see it): api.h skips its 'visibility push(default)'.
target_compile_definitions(jitlint_ts_runtime
  PRIVATE _DEFAULT_SOURCE TREE_SITTER_HIDDEN_SYMBOLS
  PUBLIC TREE_SITTER_HIDE_SYMBOLS)
# Runtimes >= 0.25 no longer define _POSIX_C_SOURCE in lib.c themselves; defining it for 0.24 would only warn.
file(READ "${JITLINT_TS_RUNTIME_ROOT}/lib/src/lib.c" _jitlint_ts_lib_c_head LIMIT 512)
if(NOT _jitlint_ts_lib_c_head MATCHES "_POSIX_C_SOURCE")
  target_compile_definitions(jitlint_ts_runtime PRIVATE _POSIX_C_SOURCE=200112L)
endif()
target_compile_options(jitlint_ts_runtime PRIVATE "${_jitlint_ts_no_warnings}")

set(_jitlint_ts_grammar_sources "${_jitlint_ts_parser_c}")
if(EXISTS "${_jitlint_ts_scanner_c}")
  list(APPEND _jitlint_ts_grammar_sources "${_jitlint_ts_scanner_c}")
endif()
add_library(jitlint_ts_python STATIC ${_jitlint_ts_grammar_sources})
set_target_properties(jitlint_ts_python PROPERTIES
  C_STANDARD 11 C_STANDARD_REQUIRED ON C_EXTENSIONS OFF
  POSITION_INDEPENDENT_CODE ON
  C_VISIBILITY_PRESET hidden)
target_include_directories(jitlint_ts_python BEFORE PRIVATE ${_jitlint_ts_grammar_includes})
target_compile_definitions(jitlint_ts_python PRIVATE TREE_SITTER_HIDDEN_SYMBOLS)
target_compile_options(jitlint_ts_python PRIVATE "${_jitlint_ts_no_warnings}")
# The scanner allocates through the runtime's ts_current_malloc; PUBLIC also forwards TREE_SITTER_HIDE_SYMBOLS.
target_link_libraries(jitlint_ts_python PUBLIC jitlint_ts_runtime)

# ---------------------------------------------------------------------------------------------------------------
# 6. Licence files (both MIT) for the wheel. The runtime's licence sits at the sdist root, above tree_sitter/core.
# ---------------------------------------------------------------------------------------------------------------
set(JITLINT_TS_LICENSE_FILES "")
foreach(_jitlint_ts_cand IN ITEMS "${JITLINT_TS_RUNTIME_ROOT}/LICENSE" "${JITLINT_TS_RUNTIME_ROOT}/../../LICENSE")
  if(EXISTS "${_jitlint_ts_cand}")
    get_filename_component(_jitlint_ts_cand "${_jitlint_ts_cand}" ABSOLUTE)
    list(APPEND JITLINT_TS_LICENSE_FILES "${_jitlint_ts_cand}" "tree-sitter.LICENSE")
    break()
  endif()
endforeach()
if(EXISTS "${JITLINT_TS_PYTHON_ROOT}/LICENSE")
  list(APPEND JITLINT_TS_LICENSE_FILES "${JITLINT_TS_PYTHON_ROOT}/LICENSE" "tree-sitter-python.LICENSE")
endif()

message(STATUS "jitlint: tree-sitter runtime ${JITLINT_TS_RUNTIME_ROOT} (ABI ${_jitlint_ts_runtime_min_abi}.."
               "${_jitlint_ts_runtime_abi}); grammar ${JITLINT_TS_PYTHON_ROOT} (ABI ${_jitlint_ts_grammar_abi})")
