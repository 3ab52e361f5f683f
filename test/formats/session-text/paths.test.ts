import { describe, expect, it } from 'vitest';
import { mediaPathOf } from '../../../src/formats/session-text/model.js';

describe('mediaPathOf: file locations of a text export → paths', () => {
  it('turns HFS "Volume:folder:" locations (Pro Tools on macOS) into /-separated paths', () => {
    expect(mediaPathOf('Macintosh HD:Users:me:Show:Audio Files:', 'a.wav')).toBe('Macintosh HD/Users/me/Show/Audio Files/a.wav');
  });
  it('keeps Windows drive paths, with / separators', () => {
    expect(mediaPathOf('D:\\Projects\\Show\\Audio Files\\', 'a.wav')).toBe('D:/Projects/Show/Audio Files/a.wav');
    expect(mediaPathOf('D:/Projects/Show/Audio Files', 'a.wav')).toBe('D:/Projects/Show/Audio Files/a.wav');
    expect(mediaPathOf('\\\\server\\share\\Audio Files\\', 'a.wav')).toBe('//server/share/Audio Files/a.wav');
  });
  it('keeps POSIX paths and gives null without a location', () => {
    expect(mediaPathOf('/Volumes/RAID/Show/Audio Files/', 'a.wav')).toBe('/Volumes/RAID/Show/Audio Files/a.wav');
    expect(mediaPathOf('  ', 'a.wav')).toBeNull();
  });
});
