# Builds <out>/<name-version>[-<platform>].gem from one unpacked Debian package (or Ruby's own
# gem folder) holding gem NAME, at the version its gemspec names (Debian's version can differ:
# kgio 2.11.2 carries a 2.11.0 gemspec, eventmachine's snapshot 1.3.0.dev.1).
# Two layouts:
# - rubygems-integration: <tree>/specifications/<name-version>.gemspec beside
#   <tree>/gems/<name-version>/, and Debian's compiled extension (if any) in
#   <tree>/extensions/<platform>/<abi>/<name-version>/;
# - the older one: the gemspec alone in usr/share/rubygems-integration/<abi>/specifications/,
#   the Ruby files in usr/lib/ruby/vendor_ruby/ and the extension in
#   usr/lib/<triplet>/ruby/vendor_ruby/<abi>/; the commands in usr/bin/.
# Every file of the installed gem goes in, as Debian's gemspec stubs list only a few.
# A gem whose package ships a compiled extension without its C sources becomes a platform
# gem carrying the extension (and the libraries packed beside it, `*.so.*`) in lib/, as
# rubygems.org's precompiled gems do, for this Ruby's minor only; like those it no longer
# needs mini_portile2, which only builds the libraries from source.
require "fileutils"
require "rubygems/package"

root, name, out = ARGV
spec_file = Dir.glob(File.join(root, "**", "specifications", "#{name}-[0-9]*.gemspec")).find do |file|
  File.basename(file, ".gemspec").delete_prefix("#{name}-").match?(/\A[0-9][^-]*\z/)
end or abort("no gemspec of #{name} under #{root}")
spec = Gem::Specification.load(spec_file) or abort("#{spec_file} does not load")
full = spec.full_name
stage = File.join(out, "stage-#{full}")
FileUtils.rm_rf(stage)
FileUtils.mkdir_p(stage)
installed = File.join(File.dirname(File.dirname(spec_file)), "gems", full)
objects = {} # path in the gem => compiled file
if File.directory?(installed)
  FileUtils.cp_r(File.join(installed, "."), stage)
  compiled = Dir.glob(File.join(File.dirname(File.dirname(spec_file)), "extensions", "*", "*", full)).first
  if compiled
    Dir.chdir(compiled) { Dir.glob("**/*.so{,.*}") }.each do |object|
      objects[File.join("lib", object)] = File.join(compiled, object)
    end
  end
else
  vendor = File.join(root, "usr/lib/ruby/vendor_ruby")
  abort("#{name}: neither #{installed} nor #{vendor}") unless File.directory?(vendor)
  FileUtils.mkdir_p(File.join(stage, "lib"))
  FileUtils.cp_r(File.join(vendor, "."), File.join(stage, "lib"))
  Dir.glob(File.join(root, "usr/lib/*/ruby/vendor_ruby/*/")).each do |compiled|
    Dir.chdir(compiled) { Dir.glob("**/*.so{,.*}") }.each do |object|
      objects[File.join("lib", object)] = File.join(compiled, object)
    end
  end
  spec.executables.each do |command|
    program = File.join(root, "usr/bin", command)
    abort("#{name}: no usr/bin/#{command}") unless File.file?(program)
    FileUtils.mkdir_p(File.join(stage, spec.bindir))
    FileUtils.cp(program, File.join(stage, spec.bindir, command))
  end
end
unless objects.empty?
  FileUtils.rm_rf(File.join(stage, "ext"))
  objects.each do |target, source|
    FileUtils.mkdir_p(File.dirname(File.join(stage, target)))
    FileUtils.cp(source, File.join(stage, target))
  end
  spec.extensions = []
  spec.platform = "#{Gem::Platform.local.cpu}-#{Gem::Platform.local.os}"
  spec.required_ruby_version = "~> #{RbConfig::CONFIG["MAJOR"]}.#{RbConfig::CONFIG["MINOR"]}.0"
  spec.dependencies.reject! { |dependency| dependency.name == "mini_portile2" }
end
Dir.chdir(stage) do
  spec.files = Dir.glob("**/*", File::FNM_DOTMATCH).select { |file| File.file?(file) }.sort
  # Debian leaves out tests and some documents the gemspec still names.
  spec.test_files = []
  spec.extra_rdoc_files = spec.extra_rdoc_files.select { |file| File.file?(file) }
  file = Gem::Package.build(spec)
  File.rename(file, File.join(out, file))
end
FileUtils.rm_rf(stage)
