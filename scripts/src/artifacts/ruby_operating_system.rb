# Written by Stowage. Debian built this MRI for /usr, so the mri layer gives its standard
# library through RUBYLIB, which Ruby puts before the place RubyGems inserts activated gems.
# Gems must still load before the standard library (a lockfile's newer bundler or json than
# the default gem), as they do with a Ruby built relocatable: insert them right before it.
module Gem
  class << self
    alias_method :stowage_builtin_insert_index, :load_path_insert_index

    def load_path_insert_index
      $LOAD_PATH.index(RbConfig::CONFIG["rubylibdir"]) || stowage_builtin_insert_index
    end
  end
end
