namespace Enerlectra.Grains.Infrastructure;

public static class PersistentStateExtensions
{
    /// <summary>
    /// Writes the state; if the write fails, reloads the last saved state before rethrowing, so a grain never keeps
    /// serving a change that was not saved. For non-reentrant grains, where nothing else ran in between.
    /// </summary>
    public static async Task SaveOrRollbackAsync<T>(this IPersistentState<T> state)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            await state.ReadStateAsync();
            throw;
        }
    }
}
