# Builds <out>/<name-version>.gem from an installed gem's files and its gemspec (Debian's
# rubygems-integration layout: <tree>/gems/<name-version>/ and <tree>/specifications/).
# Every file of the installed gem goes in, as Debian's gemspec stubs list only a few.
require "rubygems/package"

tree, name, out = ARGV
spec = Gem::Specification.load(File.join(tree, "specifications", "#{name}.gemspec")) or
  abort("no gemspec for #{name} in #{tree}")
Dir.chdir(File.join(tree, "gems", name)) do
  spec.files = Dir.glob("**/*", File::FNM_DOTMATCH).select { |file| File.file?(file) }.sort
  file = Gem::Package.build(spec)
  File.rename(file, File.join(out, file))
end
