# cowrap_generate(): one generated C shard per header, for CMake projects.
#
#   cowrap_generate(TARGET <tgt> | OUT_VAR <var>
#                   HEADERS <header>...
#                   [DIALECT <qemu-X.Y>]
#                   [OUTPUT_DIR <dir>]
#                   [CACHE <file> | CACHE OFF]
#                   [STRICT]
#                   [OPTIONS <cowrap generate arguments>...]
#                   [DEPENDS <files>...])
#
# Each header becomes <OUTPUT_DIR>/<header's folder>/<header name without extension>.c; the
# folder is the header's path relative to CMAKE_CURRENT_SOURCE_DIR ("..": "__"), so two
# headers with the same name in different folders get different shards.
#   TARGET   adds the shards to <tgt>'s sources and makes <tgt> depend on the generation.
#   OUT_VAR  sets <var> to the list of shards and <var>_TARGET to a custom target that
#            generates them: add_dependencies(<your target> ${<var>_TARGET}).
#   OUTPUT_DIR  default ${CMAKE_CURRENT_BINARY_DIR}/cowrap/<tgt or var>; relative paths are
#               relative to CMAKE_CURRENT_BINARY_DIR.
#   CACHE    default ${CMAKE_BINARY_DIR}/cowrap-cache.db, shared by all calls; OFF: no cache.
#   STRICT   `--strict`: each wrapper checked against its target's declarations. With it (or
#            with --strict / --require-targets in OPTIONS), each header's step reads the
#            call's other headers as `--context`, where a shard's targets usually are.
#   OPTIONS  passed to `cowrap generate` as they are (--include, --annotation, ...).
#   DEPENDS  more files whose change reruns cowrap.
#
# Each header is one custom command whose OUTPUT is a stamp and whose BYPRODUCT is the shard:
# cowrap rewrites the shard only when its bytes change, so with a stamp both Ninja (restat)
# and Make see nothing to do afterwards, and an unchanged shard is not recompiled. The
# depfile names the stamp (--depfile-target) and lists the header and the cowrap binary.

include_guard(GLOBAL)

# Functions keep the policies in force where they are defined (CMP0116: depfiles on Ninja).
cmake_policy(PUSH)
cmake_policy(VERSION 3.20...3.31)

function(cowrap_generate)
  set(_usage "cowrap_generate(TARGET <tgt> | OUT_VAR <var> HEADERS <header>... \
[DIALECT <qemu-X.Y>] [OUTPUT_DIR <dir>] [CACHE <file>|OFF] [STRICT] [OPTIONS <args>...] \
[DEPENDS <files>...])")
  cmake_parse_arguments(PARSE_ARGV 0 arg "STRICT" "TARGET;OUT_VAR;DIALECT;OUTPUT_DIR;CACHE"
    "HEADERS;OPTIONS;DEPENDS")

  set(_errors "")
  if(arg_UNPARSED_ARGUMENTS)
    list(JOIN arg_UNPARSED_ARGUMENTS " " _unparsed)
    list(APPEND _errors "unexpected arguments: ${_unparsed}")
  endif()
  foreach(_kw IN LISTS arg_KEYWORDS_MISSING_VALUES)
    list(APPEND _errors "${_kw} is given without a value")
  endforeach()
  if(NOT DEFINED arg_TARGET AND NOT DEFINED arg_OUT_VAR)
    list(APPEND _errors "one of TARGET or OUT_VAR is required")
  elseif(DEFINED arg_TARGET AND DEFINED arg_OUT_VAR)
    list(APPEND _errors "TARGET and OUT_VAR exclude each other")
  endif()
  if(DEFINED arg_TARGET)
    if(NOT TARGET "${arg_TARGET}")
      list(APPEND _errors "TARGET ${arg_TARGET} is not a target")
    else()
      get_target_property(_aliased "${arg_TARGET}" ALIASED_TARGET)
      get_target_property(_imported "${arg_TARGET}" IMPORTED)
      if(_aliased OR _imported)
        list(APPEND _errors
          "TARGET ${arg_TARGET} is an alias or imported target: name the real one")
      endif()
    endif()
  endif()
  if(NOT arg_HEADERS AND NOT "HEADERS" IN_LIST arg_KEYWORDS_MISSING_VALUES)
    list(APPEND _errors "HEADERS is required")
  endif()
  if(NOT TARGET cowrap::cowrap)
    list(APPEND _errors "cowrap::cowrap is not defined: use find_package(cowrap) or "
      "add_subdirectory() on cowrap's source folder first")
  endif()
  if(_errors)
    list(JOIN _errors "\n  " _text)
    message(SEND_ERROR "cowrap_generate: ${_text}\nUsage: ${_usage}")
    return()
  endif()

  if(DEFINED arg_TARGET)
    set(_name "${arg_TARGET}")
  else()
    set(_name "${arg_OUT_VAR}")
  endif()
  if(DEFINED arg_OUTPUT_DIR)
    cmake_path(ABSOLUTE_PATH arg_OUTPUT_DIR BASE_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}"
      NORMALIZE OUTPUT_VARIABLE _outdir)
  else()
    set(_outdir "${CMAKE_CURRENT_BINARY_DIR}/cowrap/${_name}")
  endif()

  set(_args generate)
  if(DEFINED arg_DIALECT)
    list(APPEND _args --dialect "${arg_DIALECT}")
  endif()
  if(NOT DEFINED arg_CACHE)
    list(APPEND _args --cache "${CMAKE_BINARY_DIR}/cowrap-cache.db")
  elseif(arg_CACHE)
    cmake_path(ABSOLUTE_PATH arg_CACHE BASE_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}"
      NORMALIZE OUTPUT_VARIABLE _cache)
    list(APPEND _args --cache "${_cache}")
  else()
    list(APPEND _args --no-cache)
  endif()
  # Paths in the shards relative to the project's top, whatever the build folder (an
  # --source-root in OPTIONS comes later and wins).
  list(APPEND _args --source-root "${CMAKE_SOURCE_DIR}")
  # The shards of one call are linked together: the cache checks they define no wrapper twice.
  list(APPEND _args --shard-group "${CMAKE_CURRENT_BINARY_DIR}/${_name}")
  if(arg_STRICT)
    list(APPEND _args --strict)
  endif()
  list(APPEND _args ${arg_OPTIONS})
  set(_strict OFF)
  if("--strict" IN_LIST _args OR "--require-targets" IN_LIST _args)
    set(_strict ON)
  endif()
  set(_all_abs "")
  foreach(_header IN LISTS arg_HEADERS)
    cmake_path(ABSOLUTE_PATH _header BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}"
      NORMALIZE OUTPUT_VARIABLE _abs)
    list(APPEND _all_abs "${_abs}")
  endforeach()

  set(_extra_depends "")
  foreach(_dep IN LISTS arg_DEPENDS)
    cmake_path(ABSOLUTE_PATH _dep BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}" NORMALIZE)
    list(APPEND _extra_depends "${_dep}")
  endforeach()

  set(_shards "")
  set(_stamps "")
  foreach(_header IN LISTS arg_HEADERS)
    cmake_path(ABSOLUTE_PATH _header BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}"
      NORMALIZE OUTPUT_VARIABLE _abs)
    file(RELATIVE_PATH _rel "${CMAKE_CURRENT_SOURCE_DIR}" "${_abs}")
    # "../include/x.h" -> "__/include/x.h": the shard stays inside the output folder.
    set(_ups "")
    set(_rest "${_rel}")
    while(_rest MATCHES "^\\.\\./(.*)$")
      string(APPEND _ups "__/")
      set(_rest "${CMAKE_MATCH_1}")
    endwhile()
    cmake_path(GET _rest PARENT_PATH _folder)
    cmake_path(GET _abs STEM LAST_ONLY _stem)
    cmake_path(APPEND _outdir "${_ups}${_folder}" "${_stem}.c" OUTPUT_VARIABLE _shard)
    cmake_path(NORMAL_PATH _shard)
    if(_shard IN_LIST _shards)
      message(SEND_ERROR "cowrap_generate: two headers map to ${_shard}; "
        "the last one is ${_header}")
      return()
    endif()
    set(_stamp "${_shard}.stamp")
    set(_depfile "${_shard}.d")
    cmake_path(GET _shard PARENT_PATH _shard_folder)
    file(MAKE_DIRECTORY "${_shard_folder}")
    file(RELATIVE_PATH _shown "${CMAKE_BINARY_DIR}" "${_shard}")

    # Strict: the other headers of this call are where this shard's targets are found.
    set(_context "")
    if(_strict)
      foreach(_other IN LISTS _all_abs)
        if(NOT _other STREQUAL _abs)
          list(APPEND _context --context "${_other}")
        endif()
      endforeach()
    endif()

    add_custom_command(
      OUTPUT "${_stamp}"
      BYPRODUCTS "${_shard}"
      COMMAND cowrap::cowrap ${_args} ${_context} -o "${_shard}" --depfile "${_depfile}"
        --depfile-target "${_stamp}" "${_abs}"
      COMMAND "${CMAKE_COMMAND}" -E touch "${_stamp}"
      DEPENDS "${_abs}" cowrap::cowrap ${_extra_depends}
      DEPFILE "${_depfile}"
      COMMENT "cowrap: ${_rel} -> ${_shown}"
      VERBATIM)
    list(APPEND _shards "${_shard}")
    list(APPEND _stamps "${_stamp}")
  endforeach()

  # One custom target per call, so the commands run once even with several consumers and
  # with Makefiles, where a byproduct alone does not pull its command into a target.
  set(_gen "${_name}_cowrap")
  set(_n 1)
  while(TARGET "${_gen}")
    math(EXPR _n "${_n} + 1")
    set(_gen "${_name}_cowrap_${_n}")
  endwhile()
  add_custom_target("${_gen}" DEPENDS ${_stamps})

  if(DEFINED arg_TARGET)
    target_sources("${arg_TARGET}" PRIVATE ${_shards})
    add_dependencies("${arg_TARGET}" "${_gen}")
  else()
    set("${arg_OUT_VAR}" "${_shards}" PARENT_SCOPE)
    set("${arg_OUT_VAR}_TARGET" "${_gen}" PARENT_SCOPE)
  endif()
endfunction()

cmake_policy(POP)
