// Harness over libptformat (Ardour 7.3) to check sessions written by test/support/ptx-writer; see README.md.
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>
class PTFFormat {
public:
  PTFFormat();
  ~PTFFormat();
  int load(std::string const& path, long targetsr);
  alignas(16) char storage[0x200];
};
struct wav_t { std::string filename; uint16_t index; int64_t posabsolute; int64_t length; };
struct midi_ev_t { uint64_t pos; uint64_t length; uint8_t note; uint8_t velocity; };
struct region_t { std::string name; uint16_t index; int64_t startpos; int64_t sampleoffset; int64_t length; wav_t wave; std::vector<midi_ev_t> midi; };
struct track_t { std::string name; uint16_t index; uint8_t playlist; region_t reg; };
struct View {
  std::vector<wav_t> audiofiles; std::vector<region_t> regions; std::vector<region_t> midiregions;
  std::vector<track_t> tracks; std::vector<track_t> miditracks; std::string path;
  unsigned char* unxored; uint64_t len; int64_t sessionrate; uint8_t version;
};
int main(int argc, char** argv) {
  PTFFormat* p = new PTFFormat();
  int r = p->load(argv[1], argc > 2 ? atol(argv[2]) : 0);
  View* v = reinterpret_cast<View*>(p);
  printf("load=%d version=%d rate=%ld\n", r, (int)v->version, (long)v->sessionrate);
  if (r) return 1;
  printf("wavs %zu\n", v->audiofiles.size());
  for (auto& w : v->audiofiles) printf("W `%s` w(%d) len %ld\n", w.filename.c_str(), w.index, (long)w.length);
  printf("regions %zu\n", v->regions.size());
  for (auto& g : v->regions) printf("R `%s` r(%d) w(%d) off %ld len %ld start %ld\n", g.name.c_str(), g.index, g.wave.index, (long)g.sampleoffset, (long)g.length, (long)g.startpos);
  printf("tracks %zu\n", v->tracks.size());
  for (auto& t : v->tracks) printf("T `%s` t(%d) r(%d) `%s` @ %ld + %ld, %ld (%s)\n", t.name.c_str(), t.index, t.reg.index, t.reg.name.c_str(), (long)t.reg.startpos, (long)t.reg.sampleoffset, (long)t.reg.length, t.reg.wave.filename.c_str());
  printf("miditracks %zu midiregions %zu\n", v->miditracks.size(), v->midiregions.size());
  return 0;
}
