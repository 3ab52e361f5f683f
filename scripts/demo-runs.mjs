// Extra runs for `npm run demo` (loaded by scripts/demo.mjs): the premix and
// recording WAV samples made by scripts/make-wav-samples.ts, checked on the
// audio itself (format, true peak, picture length, time reference, first
// sound, timecode rate, mic layout).
export default (s) => [
  {
    title: 'A clean premix dialogue WAV (true peak and length measured)',
    args: [s('premix', 'PKG123_SampleShow_24_Mono_es-ES_PreMixQC_v1.wav'), '--picture-length', '24', '--frame-rate', '24'],
  },
  {
    title: 'A premix with inter-sample overs, 10 ms short of the picture',
    args: [s('premix', 'PKG123_SampleShow_24_Mono_es-ES_PreMixQC_v2.wav'), '--picture-length', '24', '--frame-rate', '24'],
  },
  {
    title: 'Animation dialogue recordings: a clean take, a dual-actor take, and two faulty ones',
    args: [
      s('recordings', 'P101_Hero_AB_261121_01.wav'),
      s('recordings', 'P103_Hero_AB_Villain_CD_261121_primary_01.wav'),
      s('recordings', 'P101_Hero_AB_261121_02.wav'),
      s('recordings', 'S102_Villain_CD_261121_01.wav'),
    ],
  },
];
