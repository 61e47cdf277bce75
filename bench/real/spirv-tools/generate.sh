#!/bin/sh
# Generates the tables and headers SPIRV-Tools' own CMake build generates (source/CMakeLists.txt),
# from the SPIR-V grammars of Debian's spirv-headers, with SPIRV-Tools' own scripts.
#   generate.sh SPIRV_TOOLS_SOURCE SPIRV_HEADERS_INCLUDE OUTPUT_DIR
set -eu
source_dir=$1
grammars=$2/spirv/unified1
registry=$2/spirv/spir-v.xml
out=$3
mkdir -p "$out"
tables="python3 $source_dir/utils/generate_grammar_tables.py"
debuginfo="--extinst-debuginfo-grammar=$grammars/extinst.debuginfo.grammar.json"
cldebuginfo="--extinst-cldebuginfo100-grammar=$grammars/extinst.opencl.debuginfo.100.grammar.json"
core="--spirv-core-grammar=$grammars/spirv.core.grammar.json"

$tables "$core" "$debuginfo" "$cldebuginfo" --output-language=c++ \
  --core-insts-output="$out/core.insts-unified1.inc" \
  --operand-kinds-output="$out/operand.kinds-unified1.inc"
$tables "$core" "$debuginfo" "$cldebuginfo" --output-language=c++ \
  --extension-enum-output="$out/extension_enum.inc" \
  --enum-string-mapping-output="$out/enum_string_mapping.inc"
$tables --extinst-glsl-grammar="$grammars/extinst.glsl.std.450.grammar.json" \
  --glsl-insts-output="$out/glsl.std.450.insts.inc" --output-language=c++
$tables --extinst-opencl-grammar="$grammars/extinst.opencl.std.100.grammar.json" \
  --opencl-insts-output="$out/opencl.std.insts.inc"
# Vendor tables: name, operand-kind prefix.
for vendor in spv-amd-shader-explicit-vertex-parameter: spv-amd-shader-trinary-minmax: \
              spv-amd-gcn-shader: spv-amd-shader-ballot: debuginfo: \
              opencl.debuginfo.100:CLDEBUG100_ nonsemantic.shader.debuginfo.100:SHDEBUG100_ \
              nonsemantic.clspvreflection:; do
  name=${vendor%%:*}
  grammar=$grammars/extinst.$name.grammar.json
  [ -f "$grammar" ] || grammar=$source_dir/source/extinst.$name.grammar.json
  $tables --extinst-vendor-grammar="$grammar" --vendor-insts-output="$out/$name.insts.inc" \
    --vendor-operand-kind-prefix="${vendor#*:}"
done
for header in DebugInfo:debuginfo OpenCLDebugInfo100:opencl.debuginfo.100 \
              NonSemanticShaderDebugInfo100:nonsemantic.shader.debuginfo.100; do
  python3 "$source_dir/utils/generate_language_headers.py" \
    --extinst-grammar="$grammars/extinst.${header#*:}.grammar.json" \
    --extinst-output-path="$out/${header%%:*}.h"
done
python3 "$source_dir/utils/generate_registry_tables.py" --xml="$registry" \
  --generator-output="$out/generators.inc"
# What update_build_version.py writes, without its date: the version from CHANGES.
version=$(sed -n 's/^\(v[0-9][0-9.]*\) .*/\1/p' "$source_dir/CHANGES" | head -n 1)
printf '"%s", "SPIRV-Tools %s (Debian source)"\n' "$version" "$version" > "$out/build-version.inc"
