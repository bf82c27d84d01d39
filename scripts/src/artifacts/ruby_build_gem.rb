# Builds <out>/<name-version>.gem from an installed gem's files and its gemspec (Debian's
# rubygems-integration layout: <tree>/gems/<name-version>/ and <tree>/specifications/).
# Every file of the installed gem goes in, as Debian's gemspec stubs list only a few.
# A gem Debian compiled (<tree>/extensions/<platform>/<abi>/<name-version>/) whose binary
# package lacks the extension's C sources becomes a platform gem carrying the compiled
# extension in lib/, as rubygems.org's precompiled gems do, for this Ruby's minor only.
require "fileutils"
require "rubygems/package"

tree, name, out = ARGV
spec = Gem::Specification.load(File.join(tree, "specifications", "#{name}.gemspec")) or
  abort("no gemspec for #{name} in #{tree}")
compiled = Dir.glob(File.join(tree, "extensions", "*", "*", name)).first
Dir.chdir(File.join(tree, "gems", name)) do
  files = Dir.glob("**/*", File::FNM_DOTMATCH).select { |file| File.file?(file) }
  if compiled
    files.reject! { |file| file.start_with?("ext/") }
    Dir.chdir(compiled) { Dir.glob("**/*.so") }.each do |object|
      FileUtils.mkdir_p(File.dirname(File.join("lib", object)))
      FileUtils.cp(File.join(compiled, object), File.join("lib", object))
      files << File.join("lib", object)
    end
    spec.extensions = []
    spec.platform = Gem::Platform.new(File.basename(File.dirname(File.dirname(compiled))))
    spec.required_ruby_version = "~> #{RbConfig::CONFIG["MAJOR"]}.#{RbConfig::CONFIG["MINOR"]}.0"
  end
  spec.files = files.sort
  file = Gem::Package.build(spec)
  File.rename(file, File.join(out, file))
end
